import { getArchivedOperation } from '../common/crud';
import { flowEntity } from '../common/entities';

export const getArchived = getArchivedOperation(flowEntity);
