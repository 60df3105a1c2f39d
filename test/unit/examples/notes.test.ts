/**
 * Example notes (sticky notes) fit their boxes, and say what n8n 2.x says ("Execute workflow").
 *
 * The fit is an estimate of n8n's sticky-note rendering (14 px text, ≈ 7.6 px per character,
 * 21 px lines, a `##` heading ≈ 36 px, 12 px between paragraphs, ≈ 20 px padding each side), on the
 * safe side: text wider than the estimate overflows in the editor too.
 */
import fs from 'node:fs';
import path from 'node:path';

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', '..', 'examples');

/** Estimated rendered height in px of `content` in a note `width` px wide. */
function noteHeight(content: string, width: number): number {
	const perLine = Math.floor((width - 40) / 7.6);
	let h = 40; // padding
	const paragraphs = content.split(/\n\s*\n/);
	paragraphs.forEach((p, k) => {
		if (k > 0) h += 12;
		for (const raw of p.split('\n')) {
			const heading = /^#{1,6}\s/.test(raw);
			const text = raw.replace(/^#{1,6}\s/, '').replace(/\*\*|`|\*/g, '');
			if (heading) {
				h += 36 * Math.max(1, Math.ceil((text.length * 1.3) / perLine));
				continue;
			}
			let lines = 1;
			let used = 0;
			for (const word of text.split(/\s+/).filter(Boolean)) {
				const need = used === 0 ? word.length : used + 1 + word.length;
				if (need > perLine && used > 0) {
					lines++;
					used = word.length;
				} else used = need;
			}
			h += 21 * lines;
		}
	});
	return h;
}

const files = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort();

describe.each(files)('%s', (file) => {
	const wf = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as {
		nodes: Array<{ type: string; parameters: { content?: string; width?: number; height?: number } }>;
	};
	const notes = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');

	it('has a note that fits its box', () => {
		expect(notes.length).toBeGreaterThan(0);
		for (const n of notes) {
			const { content = '', width = 240, height = 160 } = n.parameters;
			expect({ needs: noteHeight(content, width) <= height, height, estimate: noteHeight(content, width) }).toMatchObject({
				needs: true,
			});
		}
	});

	it('uses n8n 2.x wording', () => {
		for (const n of notes) expect(n.parameters.content).not.toMatch(/Test workflow/);
	});
});
