import { getOperation } from '../common/crud';
import { flowEntity } from '../common/entities';

export const get = getOperation(flowEntity);
