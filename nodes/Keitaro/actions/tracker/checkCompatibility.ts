import { compatibilityOperation } from './probe';

export const checkCompatibility = compatibilityOperation();
