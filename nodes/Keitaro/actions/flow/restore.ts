import { restoreOperation } from '../common/crud';
import { flowEntity } from '../common/entities';

export const restore = restoreOperation(flowEntity);
