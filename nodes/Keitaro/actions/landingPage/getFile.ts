import { landingPageEntity } from '../common/entities';
import { getFileOperation } from '../common/files';

export const getFile = getFileOperation(landingPageEntity);
