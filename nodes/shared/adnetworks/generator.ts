import { MACRO_CATALOG } from './catalog';
import type {
	AdNetwork,
	GeneratedTemplate,
	SlotAssignment,
	TemplateOptions,
	TemplateParameter,
	TrackerSlotTable,
} from './types';

const PARAM_NAME = /^[A-Za-z0-9_.\-[\]]+$/;

/** The layout most trackers' presets use: campaign 1, ad set 2, ad 3, placement 4, click ID 5. */
export function defaultLayout(): SlotAssignment[] {
	return Object.entries(MACRO_CATALOG.defaultSlots).map(([role, slot]) => ({ role, slot }));
}

function labelOf(network: AdNetwork, a: SlotAssignment): string {
	if (a.label) return a.label;
	if (a.role === 'custom') return `Custom (slot ${a.slot})`;
	return network.labels[a.role] ?? MACRO_CATALOG.roles[a.role]?.label ?? a.role;
}

/**
 * Builds the URL parameter string to paste into an ad network and the list of tracker parameters
 * behind it, for any tracker described by a slot table. Problems that make the template wrong
 * (slot out of range, slot used twice, unknown role, empty custom macro, duplicate parameter name)
 * are returned in `errors`; roles the network lacks and unverified macros become warnings.
 */
export function buildTrackingTemplate(
	network: AdNetwork,
	assignments: SlotAssignment[],
	table: TrackerSlotTable,
	options: TemplateOptions = {},
): { template?: GeneratedTemplate; errors: string[] } {
	const naming = options.naming ?? 'slot';
	const includeCost = options.includeCost ?? true;
	const includeUnverified = options.includeUnverified ?? true;
	const errors: string[] = [];
	const warnings: string[] = [];
	const unverified: string[] = [];
	const skippedUnverified: string[] = [];
	const bySlot = new Map<number, SlotAssignment>();

	for (const a of assignments) {
		const label = labelOf(network, a);
		if (!Number.isInteger(a.slot) || a.slot < 1 || a.slot > table.maxSlots) {
			errors.push(
				`${label}: slot ${String(a.slot)} is not between 1 and ${table.maxSlots} (${table.tracker} has ${table.maxSlots} slots)`,
			);
			continue;
		}
		const taken = bySlot.get(a.slot);
		if (taken) {
			errors.push(
				`Slot ${a.slot} is used twice: ${labelOf(network, taken)} and ${label}. Give each value its own slot.`,
			);
			continue;
		}
		if (a.role !== 'custom' && !MACRO_CATALOG.roles[a.role]) {
			errors.push(`Unknown value "${a.role}" for slot ${a.slot}`);
			continue;
		}
		if (a.role === 'custom' && !(a.macro ?? '').trim()) {
			errors.push(`Slot ${a.slot}: the custom value has no macro`);
			continue;
		}
		bySlot.set(a.slot, a);
	}

	const params: TemplateParameter[] = [];
	for (const a of [...bySlot.values()].sort((x, y) => x.slot - y.slot)) {
		const key = table.slotParam(a.slot);
		const label = labelOf(network, a);
		const custom = (a.macro ?? '').trim();
		if (custom) {
			params.push({
				slot: a.slot,
				key,
				role: a.role,
				label,
				urlName:
					(a.name ?? '').trim() ||
					(naming === 'role' && a.role !== 'custom' ? MACRO_CATALOG.roles[a.role].param : key),
				macro: custom,
				confidence: 'custom',
				appended: false,
			});
			continue;
		}
		const entry = network.macros[a.role];
		if (!entry || (!entry.macro && !entry.appendedParam)) {
			warnings.push(`${network.name} has no ${label} macro: ${key} is left out`);
			continue;
		}
		if (entry.confidence === 'unverified') {
			if (!includeUnverified) {
				skippedUnverified.push(`${label} (${entry.macro ?? entry.appendedParam})`);
				continue;
			}
			unverified.push(a.role);
		}
		if (entry.macro) {
			params.push({
				slot: a.slot,
				key,
				role: a.role,
				label,
				urlName:
					(a.name ?? '').trim() || (naming === 'role' ? MACRO_CATALOG.roles[a.role].param : key),
				macro: entry.macro,
				confidence: entry.confidence,
				appended: false,
			});
		} else {
			const appended = entry.appendedParam as string;
			params.push({
				slot: a.slot,
				key,
				role: a.role,
				label,
				urlName: appended,
				macro: '',
				confidence: entry.confidence,
				appended: true,
			});
			warnings.push(
				`${network.name} appends ${appended} to the landing URL by itself, so it is not in the string; ${table.tracker} reads it into ${key} through the traffic source parameters`,
			);
		}
	}

	const cost = network.macros.cost;
	if (includeCost && cost?.macro) {
		if (!table.costParam) {
			warnings.push(
				`${table.tracker} has no cost parameter: the ${network.name} cost macro is left out`,
			);
		} else if (cost.confidence === 'unverified' && !includeUnverified) {
			skippedUnverified.push(`Cost (${cost.macro})`);
		} else {
			if (cost.confidence === 'unverified') unverified.push('cost');
			params.push({
				slot: 0,
				key: table.costParam,
				role: 'cost',
				label: 'Cost',
				urlName: table.costParam,
				macro: cost.macro,
				confidence: cost.confidence,
				appended: false,
			});
		}
	}

	const names = new Map<string, string>();
	for (const p of params) {
		if (!PARAM_NAME.test(p.urlName)) {
			errors.push(`${p.label}: "${p.urlName}" is not a valid URL parameter name`);
		}
		const other = names.get(p.urlName);
		if (other) errors.push(`URL parameter "${p.urlName}" is used twice: ${other} and ${p.label}`);
		names.set(p.urlName, p.label);
	}

	if (unverified.length) {
		const list = unverified
			.map((role) => {
				const p = params.find((x) => x.role === role);
				return `${p?.label ?? role} (${p?.macro || p?.urlName})`;
			})
			.join(', ');
		warnings.push(
			`Not confirmed in ${network.name}'s documentation: ${list}. Check them in your ${network.name} account before use.`,
		);
	}
	if (skippedUnverified.length) {
		warnings.push(
			`Left out because not confirmed in ${network.name}'s documentation: ${skippedUnverified.join(', ')}`,
		);
	}
	if (errors.length) return { errors };

	const urlParameters = params
		.filter((p) => !p.appended)
		.map((p) => `${p.urlName}=${p.macro}`)
		.join('&');
	return {
		errors,
		template: {
			network: network.id,
			networkName: network.name,
			tracker: table.tracker,
			urlParameters,
			parameters: params,
			unverified,
			warnings,
			source: network.source,
			sourceVerified: network.sourceVerified,
			...(network.note ? { note: network.note } : {}),
		},
	};
}
