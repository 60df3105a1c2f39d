import { getManyOperation } from '../../../shared/actions';
import { campaignDef } from '../entities';

export const getAll = getManyOperation(campaignDef);
