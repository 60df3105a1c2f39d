import { getOperation } from '../common/crud';
import { affiliateNetworkEntity } from '../common/entities';

export const get = getOperation(affiliateNetworkEntity);
