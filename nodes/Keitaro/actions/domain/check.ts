import { entityActionOperation } from '../common/crud';
import { domainEntity } from '../common/entities';

/** POST /domains/{id}/check re-checks the DNS and SSL status of a domain. */
export const check = entityActionOperation(domainEntity, {
	name: 'Check',
	value: 'check',
	description: 'Re-check the DNS and SSL status of a domain',
	action: 'Check a domain',
	method: 'POST',
	suffix: '/check',
	idempotent: true,
});
