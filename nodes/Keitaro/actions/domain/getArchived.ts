import { getArchivedOperation } from '../common/crud';
import { domainEntity } from '../common/entities';

export const getArchived = getArchivedOperation(domainEntity);
