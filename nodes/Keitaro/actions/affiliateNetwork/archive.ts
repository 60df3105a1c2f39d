import { archiveOperation } from '../common/crud';
import { affiliateNetworkEntity } from '../common/entities';

export const archive = archiveOperation(affiliateNetworkEntity);
