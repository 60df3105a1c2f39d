import { archiveOperation } from '../common/crud';
import { flowEntity } from '../common/entities';

export const archive = archiveOperation(flowEntity);
