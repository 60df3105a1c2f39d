import { getOperation } from '../../../shared/actions';
import { campaignDef } from '../entities';

export const get = getOperation(campaignDef);
