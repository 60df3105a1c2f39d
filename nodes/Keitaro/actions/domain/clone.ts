import { cloneOperation } from '../common/crud';
import { domainEntity } from '../common/entities';

/** POST /domains/{id}/clone: not in the official spec (seen in Keitaro 9.x routes). */
export const clone = cloneOperation(domainEntity, {
	description:
		'Create a copy of a domain (not in the official API spec; only some Keitaro versions have it)',
});
