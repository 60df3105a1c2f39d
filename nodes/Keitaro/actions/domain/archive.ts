import { archiveOperation } from '../common/crud';
import { domainEntity } from '../common/entities';

export const archive = archiveOperation(domainEntity);
