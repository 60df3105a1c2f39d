import type { TrackerSlotTable } from '../../shared/adnetworks/types';

/**
 * Keitaro's sub ID slots: `sub_id_1` … `sub_id_30` (campaign parameters, docs.keitaro.io
 * "Campaign parameters"; 30 on current versions, 10–15 on old ones) plus the `cost` parameter,
 * which Keitaro uses only when the campaign has Cost Auto on.
 */
export const KEITARO_SLOTS: TrackerSlotTable = {
	tracker: 'Keitaro',
	maxSlots: 30,
	slotParam: (n: number) => `sub_id_${n}`,
	costParam: 'cost',
};

/** Keitaro click fields an ad-network ID can be matched on (cost filters and report dimensions). */
export const KEITARO_MATCH_KEYS: ReadonlyArray<{
	name: string;
	value: string;
	description: string;
}> = [
	...Array.from({ length: KEITARO_SLOTS.maxSlots }, (_v, k) => ({
		name: `Sub ID ${k + 1}`,
		value: `sub_id_${k + 1}`,
		description: `Click field sub_id_${k + 1}`,
	})),
	{ name: 'Ad Campaign ID', value: 'ad_campaign_id', description: 'Click field ad_campaign_id' },
	{ name: 'Creative ID', value: 'creative_id', description: 'Click field creative_id' },
	{ name: 'External ID', value: 'external_id', description: 'Click field external_id' },
];
