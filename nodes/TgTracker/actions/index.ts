import type { ActionResource } from '../../shared/actions';
import { resource as goal } from './goal';
import { resource as subscriber } from './subscriber';
import { resource as tag } from './tag';
import { resource as user } from './user';

/**
 * Every resource of the TG Tracker node (beta). Subscriber and Tag read TGTrack's reports API
 * (report.tgtrack.ru, reports key); User and Goal use TGTrack's bot API (bot-api.tgtrack.ru, the
 * credential's separate Bot API Key, sent in the URL path: actions/bot.ts).
 */
export const resources: ActionResource[] = [subscriber, user, goal, tag];
