import { getArchivedOperation } from '../common/crud';
import { offerEntity } from '../common/entities';

export const getArchived = getArchivedOperation(offerEntity, { newer: true });
