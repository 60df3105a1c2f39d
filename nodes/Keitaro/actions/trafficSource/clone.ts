import { cloneOperation } from '../common/crud';
import { trafficSourceEntity } from '../common/entities';

export const clone = cloneOperation(trafficSourceEntity);
