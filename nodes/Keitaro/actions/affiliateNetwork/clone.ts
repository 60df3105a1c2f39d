import { cloneOperation } from '../common/crud';
import { affiliateNetworkEntity } from '../common/entities';

export const clone = cloneOperation(affiliateNetworkEntity);
