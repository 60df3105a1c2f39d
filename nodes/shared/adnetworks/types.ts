/**
 * Ad-network macro catalogue (macros.json) and tracking-template types. Nothing here names a
 * tracker: a tracker plugs in with a `TrackerSlotTable` that names its slots (sub_id_N, varN, …).
 */

export type MacroConfidence = 'verified' | 'unverified';

/** What a role means: the core ones get a default slot; `cost` goes to the tracker's cost parameter. */
export type RoleKind = 'core' | 'cost' | 'extra';

export interface RoleInfo {
	label: string;
	/** Descriptive URL parameter name used when parameters are named by role (campaign_id=…). */
	param: string;
	kind: RoleKind;
}

export interface MacroEntry {
	/** The network's dynamic macro, e.g. "{{campaign.id}}". Absent when the network only appends a parameter. */
	macro?: string;
	/** A parameter the network appends to the landing URL by itself (fbclid, gclid, ScCid). */
	appendedParam?: string;
	confidence: MacroConfidence;
	/** Page the macro was checked on, when it is not the network's `source`. */
	source?: string;
	/** Where an unverified macro was seen. */
	evidence?: string;
}

export interface AdNetwork {
	id: string;
	name: string;
	/** The network's own documentation page for its URL macros (or its help centre). */
	source: string;
	/** False when the network's macro page could not be retrieved (the URL is its help centre). */
	sourceVerified: boolean;
	/** Network wording of the levels, e.g. { adsetId: 'Ad Group' }. */
	labels: Record<string, string>;
	note?: string;
	/** Role → macro. A role the network does not have is absent. */
	macros: Record<string, MacroEntry>;
}

export interface MacroCatalog {
	description: string;
	checked: string;
	defaultSlots: Record<string, number>;
	roles: Record<string, RoleInfo>;
	networks: AdNetwork[];
}

/** How a tracker names its slots; one small table per tracker, kept in the tracker's folder. */
export interface TrackerSlotTable {
	/** Display name, used in messages. */
	tracker: string;
	/** Highest slot number the tracker accepts. */
	maxSlots: number;
	/** Parameter name of slot `n` (1-based), e.g. n => `sub_id_${n}`. */
	slotParam(n: number): string;
	/** Tracker parameter that takes the click cost (Keitaro `cost`); undefined = none. */
	costParam?: string;
}

/** One slot of a layout: a catalogue role, or a custom macro (role 'custom'). */
export interface SlotAssignment {
	slot: number;
	role: string;
	/** Custom macro text (role 'custom'), or an override of the network's macro. */
	macro?: string;
	/** URL parameter name override (otherwise the slot name or the role's param). */
	name?: string;
	/** Label override (custom slots). */
	label?: string;
}

export interface TemplateOptions {
	/** 'slot': sub_id_1={{campaign.id}} (default); 'role': campaign_id={{campaign.id}}. */
	naming?: 'slot' | 'role';
	/** Add the network's cost macro to the tracker's cost parameter (default true). */
	includeCost?: boolean;
	/** Use macros not confirmed in the network's documentation (default true, with a warning). */
	includeUnverified?: boolean;
}

/** One parameter of a generated template. */
export interface TemplateParameter {
	/** Slot number, or 0 for the cost parameter. */
	slot: number;
	/** The tracker's parameter key (sub_id_1, var1, cost). */
	key: string;
	role: string;
	label: string;
	/** URL query parameter name the tracker reads. */
	urlName: string;
	/** Macro the network fills in; '' when the network appends the parameter itself. */
	macro: string;
	confidence: MacroConfidence | 'custom';
	/** True when the network appends `urlName` itself: not part of the pasted string. */
	appended: boolean;
}

export interface GeneratedTemplate {
	network: string;
	networkName: string;
	tracker: string;
	/** The string to paste into the ad network, e.g. "sub_id_1={{campaign.id}}&sub_id_2={{adset.id}}". */
	urlParameters: string;
	parameters: TemplateParameter[];
	/** Roles whose macro is not confirmed by the network's documentation. */
	unverified: string[];
	warnings: string[];
	source: string;
	sourceVerified: boolean;
	note?: string;
}
