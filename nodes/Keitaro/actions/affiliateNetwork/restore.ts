import { restoreOperation } from '../common/crud';
import { affiliateNetworkEntity } from '../common/entities';

export const restore = restoreOperation(affiliateNetworkEntity, { newer: true });
