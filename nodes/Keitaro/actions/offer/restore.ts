import { restoreOperation } from '../common/crud';
import { offerEntity } from '../common/entities';

export const restore = restoreOperation(offerEntity, { newer: true });
