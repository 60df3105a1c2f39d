/**
 * Operations the node may call that are NOT in the 2022 spec, each documented in
 * keitaro-admin-api.md §2 as present in newer Keitaro versions ([SPEC-NEW] "N"), in third-party
 * clients ("C only") or in 9.x ("9 only"). Nothing else may miss the spec.
 */
export const NEWER_VERSION_OPERATIONS: Record<string, string> = {
	'POST /campaigns/clean_archive': '§2.1: "Permanently purge the whole campaign archive" (Src N,C)',
	'POST /streams/{id}/clone': '§2.2: "Clone flow" (C only)',
	'GET /offers/deleted': '§2.3: "Archived offers" (C only)',
	'POST /offers/{id}/restore': '§2.3: "restore" (C only)',
	'POST /affiliate_networks/{id}/restore': '§2.5: "Restore" (C only)',
	'POST /domains/{id}/clone': '§2.7: "Clone" (9 only)',
	'GET /domains/ip': '§2.7: "Tracker server IPs" (C only)',
	'POST /domains/register': '§2.7: "Register domain" (C only)',
	'GET /settings': '§2.12: "Tracker settings/version" (C)',
};

/** A documented extra operation matching a request, with its number of literal segments. */
export function matchExtra(
	method: string,
	apiPath: string,
): { key: string; literal: number } | undefined {
	for (const key of Object.keys(NEWER_VERSION_OPERATIONS)) {
		const [m, p] = key.split(' ');
		if (m !== method.toUpperCase()) continue;
		const re = new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`);
		if (re.test(apiPath)) {
			return { key, literal: p.split('/').filter((s) => s && !s.startsWith('{')).length };
		}
	}
	return undefined;
}
