/**
 * The RedTrack account time zone. `GET /conversions` and `GET /tracks` take dates only and no
 * time zone (other-trackers-api.md §2.5): the days are the account's, so the trigger reads the
 * zone from `GET /me/settings` once per poll run (an object, or an array of one as the spec
 * says) unless the user set it in the options.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isValidZone } from '../../shared/polling';
import type { RedTrackApiClient } from './api';

/** IANA name for a zone value: IANA names as they are, `UTC±H[:00]` / `±HH:00` as Etc/GMT∓H. */
export function normalizeZone(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const z = value.trim();
	if (z === '') return undefined;
	if (isValidZone(z)) return z;
	const m = /^(?:UTC|GMT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(z);
	if (m && (m[3] === undefined || m[3] === '00')) {
		const h = Number(m[2]);
		if (h === 0) return 'UTC';
		// POSIX sign: Etc/GMT-3 is three hours EAST of UTC.
		const name = `Etc/GMT${m[1] === '+' ? '-' : '+'}${h}`;
		return isValidZone(name) ? name : undefined;
	}
	return undefined;
}

export function timezoneOfSettings(body: unknown): unknown {
	const s = Array.isArray(body) ? body[0] : body;
	if (!s || typeof s !== 'object') return undefined;
	const o = s as Record<string, unknown>;
	return o.timezone ?? o.time_zone ?? o.tz;
}

/** The zone to query in: the user's override, else the account's from `/me/settings`. */
export async function accountTimezone(
	api: RedTrackApiClient,
	node: INode,
	override?: string,
): Promise<string> {
	if (override !== undefined && override.trim() !== '') {
		const zone = normalizeZone(override);
		if (!zone) {
			throw new NodeOperationError(node, `Unknown time zone "${override}"`, {
				description: 'Use an IANA name such as Europe/Berlin, as set in your RedTrack account.',
			});
		}
		return zone;
	}
	const raw = timezoneOfSettings(await api.accountSettings());
	const zone = normalizeZone(raw);
	if (!zone) {
		throw new NodeOperationError(
			node,
			raw === undefined
				? 'RedTrack did not report the account time zone'
				: `RedTrack reported a time zone this trigger does not know: "${String(raw)}"`,
			{
				description:
					'The trigger needs it to ask for the right days. Set "Account Time Zone" in the trigger options to the zone of your RedTrack account.',
			},
		);
	}
	return zone;
}
