import { disableOperation } from '../common/crud';
import { campaignEntity } from '../common/entities';

export const disable = disableOperation(campaignEntity);
