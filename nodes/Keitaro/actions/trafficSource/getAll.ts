import { getAllOperation } from '../common/crud';
import { trafficSourceEntity } from '../common/entities';

export const getAll = getAllOperation(trafficSourceEntity);
