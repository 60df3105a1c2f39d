import { getOperation } from '../../../shared/actions';
import { campaignDef } from './entity';

export const get = getOperation(campaignDef);
