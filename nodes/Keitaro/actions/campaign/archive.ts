import { archiveOperation } from '../common/crud';
import { campaignEntity } from '../common/entities';

/** DELETE /campaigns/{id} moves the campaign to the archive (purged after the retention period). */
export const archive = archiveOperation(campaignEntity);
