import { getOperation } from '../../../shared/actions';
import { landingDef } from '../entities';

export const get = getOperation(landingDef);
