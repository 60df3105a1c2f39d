import data from './macros.json';
import type { AdNetwork, MacroCatalog, RoleInfo } from './types';

/** The macro catalogue (macros.json), typed. Checked by test/unit/tracking/catalog.test.ts. */
export const MACRO_CATALOG = data as unknown as MacroCatalog;

export const AD_NETWORKS: readonly AdNetwork[] = MACRO_CATALOG.networks;

/** Roles that get a default slot, in slot order: campaign, ad set, ad, placement, click ID. */
export const CORE_ROLES: readonly string[] = Object.entries(MACRO_CATALOG.defaultSlots)
	.sort((a, b) => a[1] - b[1])
	.map(([role]) => role);

export function getAdNetwork(id: string): AdNetwork | undefined {
	return AD_NETWORKS.find((n) => n.id === id);
}

export function getRole(role: string): RoleInfo | undefined {
	return MACRO_CATALOG.roles[role];
}

/** The network's word for a role ("Ad Group" on Google), else the generic label. */
export function roleLabel(network: AdNetwork | undefined, role: string): string {
	return network?.labels[role] ?? MACRO_CATALOG.roles[role]?.label ?? role;
}

/** Extra roles (names, keyword, device…) of any network, for option lists. */
export function extraRoles(): Array<{ role: string; label: string }> {
	return Object.entries(MACRO_CATALOG.roles)
		.filter(([, info]) => info.kind === 'extra')
		.map(([role, info]) => ({ role, label: info.label }));
}
