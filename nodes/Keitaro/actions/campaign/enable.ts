import { enableOperation } from '../common/crud';
import { campaignEntity } from '../common/entities';

export const enable = enableOperation(campaignEntity);
