import { getOperation } from '../../../shared/actions';
import { networkDef } from '../entities';

export const get = getOperation(networkDef);
