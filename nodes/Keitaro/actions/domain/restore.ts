import { restoreOperation } from '../common/crud';
import { domainEntity } from '../common/entities';

export const restore = restoreOperation(domainEntity);
