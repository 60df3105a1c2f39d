/**
 * A small RFC 4180 CSV reader for TG Tracker's reports: UTF-8 BOM stripped, `,` or `;` as the
 * delimiter (picked from the header line), `\n` or `\r\n` line ends, quoted fields with doubled
 * quotes, delimiters and line breaks inside quotes. Returns one object per data line, keyed by the
 * header names (trimmed). Blank lines are skipped.
 */

export interface CsvTable {
	header: string[];
	rows: Array<Record<string, string>>;
	delimiter: string;
}

function detectDelimiter(text: string): string {
	let commas = 0;
	let semicolons = 0;
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (ch === '"') quoted = !quoted;
		else if (!quoted && (ch === '\n' || ch === '\r')) break;
		else if (!quoted && ch === ',') commas++;
		else if (!quoted && ch === ';') semicolons++;
	}
	return semicolons > commas ? ';' : ',';
}

/** Splits CSV text into records of fields. */
export function parseCsvRecords(input: string, delimiter?: string): string[][] {
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const d = delimiter ?? detectDelimiter(text);
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let quoted = false;
	let touched = false;
	const endRecord = () => {
		record.push(field);
		if (record.length > 1 || record[0] !== '' || touched) records.push(record);
		record = [];
		field = '';
		touched = false;
	};
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i++;
				} else quoted = false;
			} else field += ch;
			continue;
		}
		if (ch === '"') {
			quoted = true;
			touched = true;
		} else if (ch === d) {
			record.push(field);
			field = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			endRecord();
		} else field += ch;
	}
	if (field !== '' || record.length > 0 || touched) endRecord();
	return records;
}

export function parseCsv(input: string): CsvTable {
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const delimiter = detectDelimiter(text);
	const records = parseCsvRecords(text, delimiter);
	const header = (records.shift() ?? []).map((h) => h.trim());
	const rows = records.map((fields) => {
		const row: Record<string, string> = {};
		header.forEach((name, i) => {
			row[name] = fields[i] ?? '';
		});
		return row;
	});
	return { header, rows, delimiter };
}
