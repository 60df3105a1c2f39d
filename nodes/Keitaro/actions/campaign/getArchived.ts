import { getArchivedOperation } from '../common/crud';
import { campaignEntity } from '../common/entities';

export const getArchived = getArchivedOperation(campaignEntity);
