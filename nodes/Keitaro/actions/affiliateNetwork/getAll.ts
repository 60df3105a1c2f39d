import { getAllOperation } from '../common/crud';
import { affiliateNetworkEntity } from '../common/entities';

export const getAll = getAllOperation(affiliateNetworkEntity);
