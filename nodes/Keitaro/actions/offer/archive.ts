import { archiveOperation } from '../common/crud';
import { offerEntity } from '../common/entities';

export const archive = archiveOperation(offerEntity, '/archive');
