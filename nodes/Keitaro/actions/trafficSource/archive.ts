import { archiveOperation } from '../common/crud';
import { trafficSourceEntity } from '../common/entities';

export const archive = archiveOperation(trafficSourceEntity, '', { lenient: true });
