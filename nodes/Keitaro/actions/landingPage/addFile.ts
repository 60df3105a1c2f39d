import { landingPageEntity } from '../common/entities';
import { addFileOperation } from '../common/files';

export const addFile = addFileOperation(landingPageEntity);
