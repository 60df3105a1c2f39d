import { getManyOperation } from '../../../shared/actions';
import { landingDef } from '../entities';

export const getAll = getManyOperation(landingDef);
