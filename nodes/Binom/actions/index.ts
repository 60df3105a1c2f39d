import type { ActionResource } from '../../shared/actions';
import { resource as campaign } from './campaign';
import { resource as conversion } from './conversion';
import { resource as cost } from './cost';
import { resource as report } from './report';
import { resource as rotation } from './rotation';

/** Every resource of the Binom node, in the order of the Resource dropdown. */
export const resources: ActionResource[] = [report, conversion, cost, campaign, rotation];
