import { getOperation } from '../common/crud';
import { landingPageEntity } from '../common/entities';

export const get = getOperation(landingPageEntity);
