import { getOperation } from '../common/crud';
import { campaignEntity } from '../common/entities';

export const get = getOperation(campaignEntity);
