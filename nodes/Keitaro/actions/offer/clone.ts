import { cloneOperation } from '../common/crud';
import { offerEntity } from '../common/entities';

export const clone = cloneOperation(offerEntity);
