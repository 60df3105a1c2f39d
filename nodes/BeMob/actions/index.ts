import type { ActionResource } from '../../shared/actions';
import { resource as campaign } from './campaign';
import { resource as report } from './report';

/**
 * Every resource of the BeMob node (beta). BeMob has no cost API (none documented or seen in
 * third-party code): there is no Cost resource. Send Postback is built with the webhook/postback
 * kit, not here.
 */
export const resources: ActionResource[] = [report, campaign];
