import { archiveOperation } from '../common/crud';
import { landingPageEntity } from '../common/entities';

export const archive = archiveOperation(landingPageEntity);
