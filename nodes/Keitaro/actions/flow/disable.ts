import { disableOperation } from '../common/crud';
import { flowEntity } from '../common/entities';

export const disable = disableOperation(flowEntity);
