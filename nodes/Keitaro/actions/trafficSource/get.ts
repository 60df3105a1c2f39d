import { getOperation } from '../common/crud';
import { trafficSourceEntity } from '../common/entities';

export const get = getOperation(trafficSourceEntity);
