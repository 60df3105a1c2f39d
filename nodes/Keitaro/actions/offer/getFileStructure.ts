import { offerEntity } from '../common/entities';
import { getStructureOperation } from '../common/files';

export const getFileStructure = getStructureOperation(offerEntity);
