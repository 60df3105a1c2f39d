import { getManyOperation } from '../../../shared/actions';
import { networkDef } from '../entities';

export const getAll = getManyOperation(networkDef);
