import { offerEntity } from '../common/entities';
import { removeFileOperation } from '../common/files';

export const removeFile = removeFileOperation(offerEntity);
