import { offerEntity } from '../common/entities';
import { updateFileOperation } from '../common/files';

export const updateFile = updateFileOperation(offerEntity);
