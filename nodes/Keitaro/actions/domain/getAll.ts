import { getAllOperation } from '../common/crud';
import { domainEntity } from '../common/entities';

export const getAll = getAllOperation(domainEntity);
