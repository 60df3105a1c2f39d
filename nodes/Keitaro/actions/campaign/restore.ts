import { restoreOperation } from '../common/crud';
import { campaignEntity } from '../common/entities';

export const restore = restoreOperation(campaignEntity);
