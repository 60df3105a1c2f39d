import { getAllOperation } from '../common/crud';
import { offerEntity } from '../common/entities';

export const getAll = getAllOperation(offerEntity);
