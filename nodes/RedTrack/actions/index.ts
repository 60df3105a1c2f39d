import type { ActionResource } from '../../shared/actions';
import { resource as account } from './account';
import { resource as campaign } from './campaign';
import { resource as conversion } from './conversion';
import { resource as cost } from './cost';
import { resource as landing } from './landing';
import { resource as network } from './network';
import { resource as offer } from './offer';
import { resource as report } from './report';
import { resource as source } from './source';

/** Every resource of the RedTrack node, in the order of the Resource dropdown. */
export const resources: ActionResource[] = [
	report,
	conversion,
	cost,
	campaign,
	offer,
	landing,
	source,
	network,
	account,
];
