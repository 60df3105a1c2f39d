/**
 * Sandbox: the Keitaro mock fires an S2S postback now and then, so a user who activates a Keitaro
 * Postback Trigger workflow (e.g. examples/13) sees it run within a minute. Only postbacks stored
 * on campaigns (or their traffic source) that point at this machine are fired: never the internet.
 */
import { fireS2SPostbacks, s2sTargets } from '../mock-servers/keitaro/postback';
import type { KeitaroMock } from '../mock-servers/keitaro/server';

const LOCAL = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//i;

export function driveKeitaroPostbacks(
	mock: KeitaroMock,
	{
		minMs = 20_000,
		maxMs = 40_000,
		onPostback,
	}: { minMs?: number; maxMs?: number; onPostback?: (text: string) => void } = {},
): () => void {
	let timer: NodeJS.Timeout | undefined;
	let stopped = false;
	let n = 0;
	const schedule = () => {
		if (stopped) return;
		timer = setTimeout(() => void tick(), minMs + Math.random() * (maxMs - minMs));
		timer.unref();
	};
	const tick = async () => {
		try {
			for (const campaign of mock.state.campaigns.all()) {
				const event = {
					clickId: `sandbox${Date.now().toString(36)}${++n}`,
					txId: `order-${n}`,
					status: Math.random() < 0.6 ? 'lead' : 'sale',
					payout: Math.round(Math.random() * 5000) / 100,
					campaignId: String(campaign.id),
					campaignName: campaign.name,
					country: 'US',
					clickTime: Math.floor(Date.now() / 1000) - 600,
					subs: ['sandbox'],
				};
				const local = s2sTargets(mock.state, event).filter((t) => LOCAL.test(t.url));
				if (!local.length) continue;
				mock.state.addConversion({ sub_id: event.clickId, status: event.status as 'lead' | 'sale', revenue: event.payout, tid: event.txId });
				const sent = (await fireS2SPostbacks(mock.state, event)).filter((s) => LOCAL.test(s.url));
				onPostback?.(
					`Keitaro postback (${event.status}, ${event.payout}) on "${campaign.name}" → n8n answered ${sent.map((s) => s.status).join(', ')}`,
				);
			}
		} catch (error) {
			onPostback?.(`could not fire a Keitaro postback: ${(error as Error).message}`);
		}
		schedule();
	};
	schedule();
	return () => {
		stopped = true;
		if (timer) clearTimeout(timer);
	};
}
