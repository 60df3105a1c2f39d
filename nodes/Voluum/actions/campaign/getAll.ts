import { getManyOperation } from '../../../shared/actions';
import { campaignDef } from './entity';

export const getAll = getManyOperation(campaignDef);
