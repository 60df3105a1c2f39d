import { getManyOperation } from '../../../shared/actions';
import { offerDef } from '../entities';

export const getAll = getManyOperation(offerDef);
