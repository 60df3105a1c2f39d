import { landingPageEntity } from '../common/entities';
import { removeFileOperation } from '../common/files';

export const removeFile = removeFileOperation(landingPageEntity);
