import type { ActionResource } from '../../shared/actions';
import { resource as campaign } from './campaign';
import { resource as conversion } from './conversion';
import { resource as report } from './report';

/**
 * Every resource of the BeMob node (beta). BeMob has no cost API (none documented or seen in
 * third-party code): there is no Cost resource. Conversion → Send Postback is the official
 * tracking-domain postback over the shared kit (nodes/shared/postback/operation.ts).
 */
export const resources: ActionResource[] = [report, campaign, conversion];
