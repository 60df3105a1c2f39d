import { getOperation } from '../../../shared/actions';
import { sourceDef } from '../entities';

export const get = getOperation(sourceDef);
