import { landingPageEntity } from '../common/entities';
import { downloadOperation } from '../common/files';

export const download = downloadOperation(landingPageEntity);
