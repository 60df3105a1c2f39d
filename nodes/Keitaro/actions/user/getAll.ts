import { getAllOperation } from '../common/crud';
import { userEntity } from '../common/entities';

export const getAll = getAllOperation(userEntity);
