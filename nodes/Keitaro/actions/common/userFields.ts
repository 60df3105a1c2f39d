import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { additionalJsonField } from './descriptions';
import { assertNotBlank, mergeAdditionalJson, paramError, splitList, toInteger } from './utils';
import { timeZoneField } from '../../../shared/options';

export const userTypeOptions = [
	{ name: 'Admin', value: 'ADMIN' },
	{ name: 'User', value: 'USER' },
];

export const languageField: INodeProperties = {
	displayName: 'Language',
	name: 'language',
	type: 'options',
	options: [
		{ name: 'English', value: 'en' },
		{ name: 'Russian', value: 'ru' },
	],
	default: 'en',
	description: 'Interface language of the user',
};

export const timezoneField: INodeProperties = timeZoneField({
	displayName: 'Timezone',
	name: 'timezone',
	default: 'UTC',
	description: 'Timezone of the user',
});

export function userUpdateFields(): INodeProperties[] {
	return [
		additionalJsonField,
		{
			displayName: 'API Key Count',
			name: 'keyCount',
			type: 'number',
			typeOptions: { numberPrecision: 0, minValue: 0 },
			default: 1,
			description: 'Number of Admin API keys of the user',
		},
		languageField,
		{
			displayName: 'Login',
			name: 'login',
			type: 'string',
			default: '',
		},
		{
			displayName: 'New Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'New password; also set Password Confirmation',
		},
		{
			displayName: 'Password Confirmation',
			name: 'passwordConfirmation',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The new password again',
		},
		timezoneField,
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: userTypeOptions,
			default: 'USER',
		},
	];
}

/** Checks login, passwords (set together, equal, non-empty) and builds a UserRequest body. */
export function buildUserBody(
	ctx: IExecuteFunctions,
	i: number,
	fields: IDataObject,
	options: { create: boolean },
): IDataObject {
	const body: IDataObject = {};
	if (fields.login !== undefined) {
		const login = assertNotBlank(ctx, i, fields.login, 'Login').trim();
		if (/\s/.test(login)) throw paramError(ctx, i, `Login must not contain spaces, got "${login}"`);
		body.login = login;
	}
	if (fields.type !== undefined) body.type = fields.type;
	const hasPassword = fields.password !== undefined && fields.password !== '';
	const hasConfirmation =
		fields.passwordConfirmation !== undefined && fields.passwordConfirmation !== '';
	if (options.create || hasPassword || hasConfirmation) {
		if (!hasPassword) throw paramError(ctx, i, 'Password must not be empty');
		if (fields.password !== fields.passwordConfirmation) {
			throw paramError(
				ctx,
				i,
				'Password Confirmation does not match Password',
				'Enter the same password in both fields.',
			);
		}
		body.new_password = String(fields.password);
		body.new_password_confirmation = String(fields.passwordConfirmation);
	}
	if (fields.keyCount !== undefined) {
		body.keyCount = toInteger(ctx, i, fields.keyCount, 'API Key Count', { min: 0 });
	}
	const preferences: IDataObject = {};
	if (fields.language !== undefined) preferences.language = fields.language;
	if (fields.timezone !== undefined && String(fields.timezone).trim() !== '') {
		preferences.timezone = String(fields.timezone).trim();
	}
	if (Object.keys(preferences).length) body.preferences = preferences;
	return mergeAdditionalJson(ctx, i, body, fields.additionalJson);
}

export const ACCESS_TYPES: Array<[key: string, label: string]> = [
	['affiliate_networks_access_type', 'Affiliate Networks'],
	['campaigns_access_type', 'Campaigns'],
	['domains_access_type', 'Domains'],
	['landings_access_type', 'Landing Pages'],
	['offers_access_type', 'Offers'],
	['streams_access_type', 'Flows'],
	['traffic_sources_access_type', 'Traffic Sources'],
];

const accessTypeOptions = [
	{
		name: 'Created by User, Groups and Selected',
		value: 'created_by_user_groups_and_selected',
		description: 'Entities the user created, plus the chosen groups and entities',
	},
	{ name: 'Full Access', value: 'full_access' },
	{ name: 'Read Only', value: 'read_only' },
	{
		name: 'To Groups and Selected',
		value: 'to_groups_and_selected',
		description: 'Only the chosen groups and entities',
	},
];

/** access_data fields, sorted by name (Flows sorts among the access types by its label). */
export function accessFields(): INodeProperties[] {
	const types: INodeProperties[] = ACCESS_TYPES.map(([key, label]) => ({
		displayName: `${label} Access`,
		name: key,
		type: 'options' as const,
		options: accessTypeOptions,
		default: 'read_only',
	}));
	const all: INodeProperties[] = [
		additionalJsonField,
		...types,
		{
			displayName: 'Reports',
			name: 'reports',
			type: 'string',
			default: '',
			placeholder: 'e.g. campaigns, offers',
			description: 'Comma-separated reports the user may open',
		},
		{
			displayName: 'Resources',
			name: 'resources',
			type: 'string',
			default: '',
			placeholder: 'e.g. campaigns, offers, landings',
			description: 'Comma-separated sections of the tracker the user may open',
		},
	];
	return all.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export function buildAccessData(
	ctx: IExecuteFunctions,
	i: number,
	fields: IDataObject,
): IDataObject {
	const data: IDataObject = {};
	for (const [key] of ACCESS_TYPES) if (fields[key] !== undefined) data[key] = fields[key];
	if (fields.resources !== undefined) data.resources = splitList(fields.resources);
	if (fields.reports !== undefined) data.reports = splitList(fields.reports);
	return mergeAdditionalJson(ctx, i, data, fields.additionalJson);
}
