import { getOperation } from '../common/crud';
import { userEntity } from '../common/entities';

export const get = getOperation(userEntity);
