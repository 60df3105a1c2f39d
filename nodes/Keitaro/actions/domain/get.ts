import { getOperation } from '../common/crud';
import { domainEntity } from '../common/entities';

export const get = getOperation(domainEntity);
