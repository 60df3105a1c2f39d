import { sendPostbackOperation } from '../../../shared/postback/operation';
import { BEMOB_OUTBOUND_POSTBACK } from '../../postback/outbound';

/** Conversion → Send Postback: the tracking-domain postback (table: ../../postback/outbound.ts). */
export const sendPostback = sendPostbackOperation(BEMOB_OUTBOUND_POSTBACK);
