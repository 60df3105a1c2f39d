import { enableOperation } from '../common/crud';
import { flowEntity } from '../common/entities';

export const enable = enableOperation(flowEntity);
