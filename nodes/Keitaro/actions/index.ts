import type { KeitaroResource } from './types';
import { resource as affiliateNetwork } from './affiliateNetwork';
import { resource as botList } from './botList';
import { resource as campaign } from './campaign';
import { resource as click } from './click';
import { resource as conversion } from './conversion';
import { resource as cost } from './cost';
import { resource as domain } from './domain';
import { resource as flow } from './flow';
import { resource as group } from './group';
import { resource as integration } from './integration';
import { resource as label } from './label';
import { resource as landingPage } from './landingPage';
import { resource as log } from './log';
import { resource as offer } from './offer';
import { resource as report } from './report';
import { resource as trafficSource } from './trafficSource';
import { resource as tracking } from './tracking';
import { resource as tracker } from './tracker';
import { resource as user } from './user';

/** Every resource of the Keitaro node, in the order of the Resource dropdown. */
export const resources: KeitaroResource[] = [
	campaign,
	flow,
	offer,
	landingPage,
	affiliateNetwork,
	trafficSource,
	domain,
	group,
	user,
	botList,
	report,
	click,
	conversion,
	cost,
	tracking,
	label,
	log,
	integration,
	tracker,
];
