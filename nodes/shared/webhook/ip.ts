/**
 * IP allow-list: exact addresses and CIDR ranges, IPv4 and IPv6, one per line or comma-separated.
 * IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`, what Node reports on a dual-stack socket) are
 * compared as IPv4.
 */
export interface AllowList {
	/** Entries as typed, for messages. */
	entries: string[];
	allows(ip: string | undefined): boolean;
}

export interface ParsedAllowList {
	list: AllowList | undefined;
	problems: string[];
}

interface Range {
	bytes: number[];
	prefix: number;
}

const V4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** 4 for a dotted IPv4 address, 6 for an IPv6 address (optionally with an IPv4 tail), else 0. */
function ipKind(ip: string): 0 | 4 | 6 {
	if (V4_RE.test(ip)) return 4;
	if (!ip.includes(':') || !/^[0-9a-fA-F:.]+$/.test(ip)) return 0;
	const doubles = ip.split('::').length - 1;
	if (doubles > 1) return 0;
	let text = ip;
	let groupsNeeded = 8;
	const lastColon = ip.lastIndexOf(':');
	if (ip.includes('.')) {
		if (!V4_RE.test(ip.slice(lastColon + 1))) return 0;
		text = ip.slice(0, lastColon + 1) + '0';
		groupsNeeded = 7;
	}
	const groups = text.split(':').filter((g, i, all) => !(g === '' && (i === 0 || i === all.length - 1 || doubles)));
	if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return 0;
	if (doubles === 0 && groups.length !== groupsNeeded) return 0;
	if (doubles === 1 && groups.length >= groupsNeeded) return 0;
	return 6;
}

function v4Bytes(ip: string): number[] {
	return ip.split('.').map((p) => Number(p));
}

function v6Bytes(ip: string): number[] {
	let text = ip;
	let tail: number[] = [];
	const lastColon = text.lastIndexOf(':');
	if (text.includes('.')) {
		tail = v4Bytes(text.slice(lastColon + 1));
		text = `${text.slice(0, lastColon + 1)}0:0`;
	}
	const [head, rest] = text.split('::');
	const h = head ? head.split(':') : [];
	const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
	const fill = rest === undefined ? 0 : 8 - h.length - r.length;
	const groups = [...h, ...Array<string>(Math.max(fill, 0)).fill('0'), ...r];
	const bytes: number[] = [];
	for (const g of groups) {
		const n = parseInt(g || '0', 16);
		bytes.push((n >> 8) & 255, n & 255);
	}
	if (tail.length === 4) bytes.splice(12, 4, ...tail);
	return bytes;
}

/** Normalised bytes of an address (IPv4-mapped IPv6 → 4 bytes), or undefined. */
export function ipBytes(ip: string | undefined): number[] | undefined {
	if (!ip) return undefined;
	const clean = ip.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
	const kind = ipKind(clean);
	if (kind === 4) return v4Bytes(clean);
	if (kind === 6) {
		const b = v6Bytes(clean);
		const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 255 && b[11] === 255;
		return mapped ? b.slice(12) : b;
	}
	return undefined;
}

function inRange(addr: number[], range: Range): boolean {
	if (addr.length !== range.bytes.length) return false;
	let bits = range.prefix;
	for (let i = 0; i < addr.length && bits > 0; i++) {
		const take = Math.min(8, bits);
		const mask = (0xff << (8 - take)) & 0xff;
		if ((addr[i] & mask) !== (range.bytes[i] & mask)) return false;
		bits -= take;
	}
	return true;
}

export function parseAllowList(text: unknown): ParsedAllowList {
	const problems: string[] = [];
	if (typeof text !== 'string' || text.trim() === '') return { list: undefined, problems };
	const entries = text
		.split(/[\s,;]+/)
		.map((s) => s.trim())
		.filter((s) => s !== '');
	const ranges: Range[] = [];
	for (const entry of entries) {
		const [addr, prefixText] = entry.split('/');
		const bytes = ipBytes(addr);
		if (!bytes) {
			problems.push(`"${entry}" is not an IP address or CIDR range`);
			continue;
		}
		const max = bytes.length * 8;
		const prefix = prefixText === undefined ? max : Number(prefixText);
		if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) {
			problems.push(`"${entry}" has an invalid prefix length (0–${max})`);
			continue;
		}
		ranges.push({ bytes, prefix });
	}
	return {
		problems,
		list: {
			entries,
			allows(ip) {
				const b = ipBytes(ip);
				return !!b && ranges.some((r) => inRange(b, r));
			},
		},
	};
}
