/**
 * Time-zone and currency checks, and the per-row statuses and flags of a cost upload. The status
 * vocabulary and the lost-spend flag are the ones the Keitaro node's Sync Costs outputs
 * ('matched' | 'no clicks' | 'converted' | 'mismatch', `lostSpend`, `timezoneMismatch`,
 * `currencyMismatch`), so a workflow reads every tracker's cost results the same way.
 */
/** The spend currency as a validated ISO 4217 code (shared validator): the code, or a sentence naming the field. */
export { checkCurrency as checkCurrencyCode } from '../validation';

export function upperCurrency(raw: unknown): string {
	return String(raw ?? '')
		.trim()
		.toUpperCase();
}

export interface ZoneCheck {
	timezoneMismatch: boolean;
	warning?: string;
}

/** Whether the row's own zone differs from the zone sent (the spend lands on a shifted period). */
export function checkZone(sent: string, rowZone: string | null, trackerLabel: string): ZoneCheck {
	if (!rowZone || rowZone === sent) return { timezoneMismatch: false };
	return {
		timezoneMismatch: true,
		warning: `The row is in ${rowZone} but ${sent} is sent to ${trackerLabel}: the spend lands on a shifted period`,
	};
}

export interface CurrencyCheck {
	currencyMismatch: boolean;
	warning?: string;
}

/** Whether the spend's currency differs from the account's (the tracker converts; no exact readback). */
export function checkCurrency(
	spendCurrency: string,
	accountCurrency: string | null,
	trackerLabel: string,
): CurrencyCheck {
	if (!accountCurrency || spendCurrency === accountCurrency) return { currencyMismatch: false };
	return {
		currencyMismatch: true,
		warning: `The spend is in ${spendCurrency} and ${trackerLabel} reports in ${accountCurrency}: it converts at its own rate, so the readback is not compared with the spend`,
	};
}

export type CostStatus =
	| 'matched'
	| 'no clicks'
	| 'converted'
	| 'mismatch'
	| 'sent'
	| 'dry run'
	| 'failed'
	| 'not read back';

/** Read-back verdict for one uploaded cost, as Keitaro's Sync Costs judges it. */
export function judgeCost(
	pushed: number,
	seen: { clicks: number; cost: number } | undefined,
	currencyMismatch: boolean,
	tolerance: number,
): CostStatus {
	if (!seen || seen.clicks <= 0) return 'no clicks';
	if (currencyMismatch) return 'converted';
	return Math.abs(seen.cost - pushed) <= tolerance ? 'matched' : 'mismatch';
}

/** The warning a row gets when the tracker has no clicks to carry its spend. */
export function lostSpendWarning(trackerLabel: string): string {
	return `${trackerLabel} has no visits/clicks for this campaign and period: it stores cost only on them, so this spend is lost`;
}

export function round2(n: number): number {
	return Math.round((n + Number.EPSILON) * 100) / 100;
}

/** A report value (number or numeric string) as a number; 0 when missing. */
export function num(value: unknown): number {
	if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
	if (typeof value === 'string' && value.trim() !== '') {
		const n = Number(value.trim());
		return Number.isFinite(n) ? n : 0;
	}
	return 0;
}
