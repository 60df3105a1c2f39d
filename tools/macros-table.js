#!/usr/bin/env node
/* Prints the markdown table of ad-network macros from nodes/shared/adnetworks/macros.json.
 *
 *   node tools/macros-table.js                 # print the table
 *   node tools/macros-table.js --update FILE   # replace the table between the markers in FILE
 *
 * Markers: <!-- macros-table:start --> … <!-- macros-table:end -->. */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const catalog = JSON.parse(
	fs.readFileSync(path.join(root, 'nodes/shared/adnetworks/macros.json'), 'utf8'),
);

const START = '<!-- macros-table:start -->';
const END = '<!-- macros-table:end -->';
const COLUMNS = [
	['campaignId', 'Campaign ID'],
	['adsetId', 'Ad set / ad group ID'],
	['adId', 'Ad / creative ID'],
	['placement', 'Placement / site'],
	['clickId', 'Click ID'],
	['cost', 'Cost'],
];

function cell(entry) {
	if (!entry) return '—';
	const parts = [];
	if (entry.macro) parts.push(`\`${entry.macro}\``);
	if (entry.appendedParam) parts.push(`\`${entry.appendedParam}\` (appended)`);
	let text = parts.join(' / ');
	if (entry.confidence !== 'verified') text += ' ⚠';
	return text.replace(/\|/g, '\\|');
}

function table() {
	const core = new Set(COLUMNS.map(([role]) => role));
	const lines = [
		`| Network | ${COLUMNS.map(([, title]) => title).join(' | ')} | Other macros | Source |`,
		`|---|${COLUMNS.map(() => '---').join('|')}|---|---|`,
	];
	const networks = [...catalog.networks].sort((a, b) => a.name.localeCompare(b.name));
	for (const n of networks) {
		const others = Object.entries(n.macros)
			.filter(([role]) => !core.has(role))
			.map(([role, e]) => `${catalog.roles[role] ? catalog.roles[role].label : role}: ${cell(e)}`)
			.join('<br>');
		const source = `[${n.sourceVerified ? 'docs' : 'help centre'}](${n.source})`;
		lines.push(
			`| ${n.name} | ${COLUMNS.map(([role]) => cell(n.macros[role])).join(' | ')} | ${others || '—'} | ${source} |`,
		);
	}
	lines.push('');
	lines.push(
		`⚠ = not confirmed on the network's own documentation page (checked ${catalog.checked}); the evidence for each is in \`macros.json\`. "(appended)" = the network adds this parameter to the landing URL by itself. "help centre" = the network's macro page could not be retrieved.`,
	);
	return lines.join('\n');
}

function main(args) {
	if (args[0] !== '--update') {
		process.stdout.write(`${table()}\n`);
		return;
	}
	const file = path.resolve(args[1] || '');
	const text = fs.readFileSync(file, 'utf8');
	const a = text.indexOf(START);
	const b = text.indexOf(END);
	if (a < 0 || b < a) {
		console.error(`${file}: markers ${START} … ${END} not found`);
		process.exit(1);
	}
	fs.writeFileSync(file, `${text.slice(0, a + START.length)}\n${table()}\n${text.slice(b)}`);
	console.log(`updated ${path.relative(root, file)}`);
}

if (require.main === module) main(process.argv.slice(2));

module.exports = { table, START, END };
