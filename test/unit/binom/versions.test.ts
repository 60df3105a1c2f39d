import fc from 'fast-check';

import { VersionMemory } from '../../../nodes/Binom/trigger/versions';

const T = Date.UTC(2025, 5, 16, 12, 0, 0);

describe('Binom version memory', () => {
	it('classifies first sightings, status changes and payout changes', () => {
		const m = VersionMemory.load(undefined, 'fp');
		expect(m.fresh).toBe(true);
		expect(m.observe('a', { t: T, status: 'lead', payout: 10 })).toEqual({ kind: 'created' });
		expect(m.observe('a', { t: T, status: 'Approve', payout: 10 })).toEqual({
			kind: 'statusChanged',
			previous: { t: T, status: 'lead', payout: 10 },
		});
		expect(m.observe('a', { t: T, status: 'approve', payout: 15 })).toMatchObject({
			kind: 'payoutChanged',
			previous: { status: 'Approve', payout: 10 },
		});
		m.learn('b', { t: T, status: 'hold', payout: 1 });
		m.learn('b', { t: T, status: 'other', payout: 2 });
		expect(m.get('b')).toMatchObject({ status: 'hold' });
		// a version learnt from a read that was not delivered is delivered as a first sighting
		expect(m.observe('b', { t: T, status: 'hold', payout: 1 }).kind).toBe('created');
	});

	it('round-trips through JSON and refuses foreign or corrupted state', () => {
		const m = VersionMemory.load(undefined, 'fp');
		m.set('x', { t: T + 1000, status: 'lead', payout: 1.5 });
		m.set('y', { t: T, status: '', payout: 0 });
		const json = JSON.parse(JSON.stringify(m.toJSON()));
		const back = VersionMemory.load(json, 'fp');
		expect(back.fresh).toBe(false);
		expect(back.get('x')).toEqual({ t: T + 1000, status: 'lead', payout: 1.5 });
		expect(back.get('y')).toEqual({ t: T, status: '', payout: 0 });
		expect(VersionMemory.load(json, 'other').fresh).toBe(true);
		expect(VersionMemory.load({ ...json, h: 'garbage' }, 'fp').fresh).toBe(true);
		expect(VersionMemory.load({ ...json, p: [1] }, 'fp').fresh).toBe(true);
		expect(VersionMemory.load('nope', 'fp').size).toBe(0);
	});

	it('keeps only conversions at or after the window start, and at most `cap`', () => {
		const m = VersionMemory.load(undefined, 'fp');
		for (let i = 0; i < 10; i++) m.set(`c${i}`, { t: T + i * 1000, status: 'lead', payout: i });
		m.prune(T + 3000, 100);
		expect(m.size).toBe(7);
		expect(m.get('c2')).toBeUndefined();
		m.prune(-Infinity, 4);
		expect(m.size).toBe(4);
		expect(m.get('c6')).toBeDefined();
		expect(m.get('c5')).toBeUndefined();
	});

	it('encodes any memory losslessly (property)', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						id: fc.string({ minLength: 1, maxLength: 20 }),
						t: fc.integer({ min: 0, max: 4e9 }),
						status: fc.constantFrom('', 'lead', 'approve', 'Hold', 'чарджбек'),
						payout: fc.double({ min: 0, max: 1e6, noNaN: true }),
					}),
					{ maxLength: 60 },
				),
				(entries) => {
					const m = VersionMemory.load(undefined, 'fp');
					for (const e of entries)
						m.set(e.id, { t: e.t * 1000, status: e.status, payout: e.payout });
					const back = VersionMemory.load(JSON.parse(JSON.stringify(m.toJSON())), 'fp');
					expect(back.size).toBe(m.size);
					for (const e of entries) expect(back.get(e.id)).toEqual(m.get(e.id));
				},
			),
			{ numRuns: 150 },
		);
	});
});
