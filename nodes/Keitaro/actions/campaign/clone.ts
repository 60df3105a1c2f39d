import { cloneOperation } from '../common/crud';
import { campaignEntity } from '../common/entities';

export const clone = cloneOperation(campaignEntity, {
	description: 'Create a copy of a campaign with its flows',
});
