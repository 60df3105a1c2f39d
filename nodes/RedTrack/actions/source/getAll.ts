import { getManyOperation } from '../../../shared/actions';
import { sourceDef } from '../entities';

export const getAll = getManyOperation(sourceDef);
