import { getOperation } from '../common/crud';
import { offerEntity } from '../common/entities';

export const get = getOperation(offerEntity);
