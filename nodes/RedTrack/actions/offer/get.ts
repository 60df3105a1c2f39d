import { getOperation } from '../../../shared/actions';
import { offerDef } from '../entities';

export const get = getOperation(offerDef);
