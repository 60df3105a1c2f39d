/**
 * The compact number codec of the polling state (status memo, status watch): unsigned integers as
 * base-45 varints in printable JSON-safe characters (no quote, no backslash), so a list of numbers
 * is one short string in static data. A digit from the upper half continues the number; one from
 * the lower half ends it.
 */
const ALPHABET = (() => {
	let s = '';
	for (let c = 35; c <= 125; c++) if (c !== 92) s += String.fromCharCode(c);
	return s;
})();
const BASE = 45;
const DIGIT = new Map<string, number>([...ALPHABET].map((ch, i) => [ch, i]));

export function putVarint(out: string[], value: number): void {
	let v = value;
	while (v >= BASE) {
		const r = v % BASE;
		out.push(ALPHABET[BASE + r]);
		v = (v - r) / BASE;
	}
	out.push(ALPHABET[v]);
}

/** The numbers of a varint string; undefined when it holds a foreign character or ends mid-number. */
export function readVarints(s: string): number[] | undefined {
	const out: number[] = [];
	let value = 0;
	let scale = 1;
	for (const ch of s) {
		const d = DIGIT.get(ch);
		if (d === undefined) return undefined;
		if (d >= BASE) {
			value += (d - BASE) * scale;
			scale *= BASE;
			if (scale > Number.MAX_SAFE_INTEGER) return undefined;
		} else {
			out.push(value + d * scale);
			value = 0;
			scale = 1;
		}
	}
	return scale === 1 && value === 0 ? out : undefined;
}
