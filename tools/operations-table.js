#!/usr/bin/env node
/* Prints the Keitaro node's operation table (markdown) from the built node: `npm run build` first.
 * Used to keep README.md's table true: node tools/operations-table.js */
'use strict';
const path = require('path');
const { resources } = require(path.resolve(__dirname, '../dist/nodes/Keitaro/actions'));

const lines = ['| Resource | Operations (API calls) |', '|---|---|'];
let ops = 0;
const spec = new Set();
for (const r of resources) {
	const entries = Object.values(r.operations)
		.map((o) => {
			ops++;
			o.spec.forEach((s) => spec.add(s));
			return `${o.option.name} (${o.spec.filter((s) => !/^GET \/campaigns$/.test(s) || o.spec.length === 1).map((s) => '`' + s + '`').join(', ')})`;
		})
		.sort();
	lines.push(`| ${r.option.name} | ${entries.join('; ')} |`);
}
console.log(lines.join('\n'));
console.log(`\n${resources.length} resources, ${ops} operations, ${spec.size} distinct API calls.`);
