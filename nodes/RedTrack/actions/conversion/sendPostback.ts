import { sendPostbackOperation } from '../../../shared/postback/operation';
import { REDTRACK_OUTBOUND_POSTBACK } from '../../postback/outbound';

/** Conversion → Send Postback: the tracking-domain postback (table: ../../postback/outbound.ts). */
export const sendPostback = sendPostbackOperation(REDTRACK_OUTBOUND_POSTBACK);
