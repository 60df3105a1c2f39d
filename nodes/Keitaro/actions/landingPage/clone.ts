import { cloneOperation } from '../common/crud';
import { landingPageEntity } from '../common/entities';

export const clone = cloneOperation(landingPageEntity, { method: 'PUT' });
