import type { ActionResource } from '../../shared/actions';
import { resource as subscriber } from './subscriber';
import { resource as tag } from './tag';

/**
 * Every resource of the TG Tracker node (beta), on TGTrack's reports API. The bot API (user info,
 * reach goal) lives on another host with another key (bot-api.tgtrack.ru/v1/{key}/…) that the
 * TG Tracker credential does not hold: not built here (README, TG Tracker section).
 */
export const resources: ActionResource[] = [subscriber, tag];
