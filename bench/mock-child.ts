/**
 * The Keitaro mock in its own process (so its memory is not counted in the trigger's RSS), holding
 * `BENCH_CONVERSIONS` conversions spread over the 30 days before its frozen clock. Driven by IPC.
 */
import { startKeitaroMock } from '../test/mock-servers/keitaro/server';
import type { MockCommand, MockReady, MockReply } from './protocol';

async function main(): Promise<void> {
	const count = Number(process.env.BENCH_CONVERSIONS ?? 200_000);
	const nowMs = Math.floor(Date.now() / 60_000) * 60_000;
	const mock = await startKeitaroMock({ seedData: { days: 0 }, now: nowMs, seed: 11 });
	mock.state.seedConversions(count, { seed: 42 });
	const send = (m: MockReady | MockReply) => process.send?.(m);
	const recentLeads: number[] = [];
	process.on('message', (raw: unknown) => {
		const cmd = raw as MockCommand;
		const s = mock.state;
		if (cmd.type === 'advance') s.clock.advance(cmd.ms);
		if (cmd.type === 'traffic') {
			for (let i = 0; i < cmd.add; i++) {
				recentLeads.push(s.addConversion({ status: i % 2 ? 'sale' : 'lead' }).conversion_id);
			}
			for (let i = 0; i < cmd.flip && recentLeads.length > 0; i++) {
				const id = recentLeads.splice(Math.floor(s.random() * recentLeads.length), 1)[0];
				const view = s.getConversion(id);
				if (view && (view.status === 'lead' || view.status === 'sale')) {
					s.setConversionStatus(id, view.status === 'lead' ? 'sale' : 'rejected');
				}
			}
			if (recentLeads.length > 500) recentLeads.splice(0, recentLeads.length - 500);
		}
		send({ type: 'done', id: cmd.id, nowMs: s.clock.nowMs(), conversions: s.conversionCount });
		// The request log keeps every request: clear it so the mock's memory stays flat.
		if (mock.requests.entries.length > 10_000) mock.requests.clear();
	});
	process.on('disconnect', () => {
		void mock.close().then(() => process.exit(0));
	});
	send({
		type: 'ready',
		url: mock.url,
		apiUrl: mock.apiUrl,
		apiKey: mock.apiKey,
		nowMs,
		conversions: mock.state.conversionCount,
	});
}

void main();
