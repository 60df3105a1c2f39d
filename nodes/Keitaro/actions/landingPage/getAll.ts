import { getAllOperation } from '../common/crud';
import { landingPageEntity } from '../common/entities';

export const getAll = getAllOperation(landingPageEntity);
