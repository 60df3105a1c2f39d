/**
 * The tracker-agnostic template generator (nodes/shared/adnetworks/generator.ts) with Keitaro's
 * slot table and with other trackers' slot naming.
 */
import { AD_NETWORKS, getAdNetwork } from '../../../nodes/shared/adnetworks/catalog';
import { buildTrackingTemplate, defaultLayout } from '../../../nodes/shared/adnetworks/generator';
import type { TrackerSlotTable } from '../../../nodes/shared/adnetworks/types';
import { KEITARO_SLOTS } from '../../../nodes/Keitaro/tracking/slots';

const net = (id: string) => {
	const n = getAdNetwork(id);
	if (!n) throw new Error(`no network ${id}`);
	return n;
};

// Slot naming of other trackers (their tables belong in their own folders; these mirror
// other-trackers-api.md: Voluum custom variables 1..10, RedTrack sub1..sub20, Binom tokens).
const VOLUUM: TrackerSlotTable = {
	tracker: 'Voluum',
	maxSlots: 10,
	slotParam: (n) => `var${n}`,
	costParam: 'cost',
};
const REDTRACK: TrackerSlotTable = {
	tracker: 'RedTrack',
	maxSlots: 20,
	slotParam: (n) => `sub${n}`,
	costParam: 'cost',
};
const BINOM: TrackerSlotTable = { tracker: 'Binom', maxSlots: 10, slotParam: (n) => `t${n}` };

/** Exact strings with Keitaro's default layout (1 campaign, 2 ad set, 3 ad, 4 placement, 5 click ID). */
const KEITARO_DEFAULT: Record<string, string> = {
	facebook:
		'sub_id_1={{campaign.id}}&sub_id_2={{adset.id}}&sub_id_3={{ad.id}}&sub_id_4={{placement}}',
	google:
		'sub_id_1={campaignid}&sub_id_2={adgroupid}&sub_id_3={creative}&sub_id_4={placement}&sub_id_5={gclid}',
	microsoft: 'sub_id_1={CampaignId}&sub_id_2={AdGroupId}&sub_id_3={AdId}&sub_id_5={msclkid}',
	tiktok:
		'sub_id_1=__CAMPAIGN_ID__&sub_id_2=__AID__&sub_id_3=__CID__&sub_id_4=__PLACEMENT__&sub_id_5=__CALLBACK_PARAM__',
	snapchat:
		'sub_id_1={{campaign.id}}&sub_id_2={{adSet.id}}&sub_id_3={{ad.id}}&sub_id_4={{site_source_name}}',
	taboola:
		'sub_id_1={campaign_id}&sub_id_3={campaign_item_id}&sub_id_4={site_id}&sub_id_5={click_id}',
	outbrain:
		'sub_id_1={{campaign_id}}&sub_id_3={{ad_id}}&sub_id_4={{section_id}}&sub_id_5={{ob_click_id}}',
	mgid: 'sub_id_1={campaign_id}&sub_id_3={teaser_id}&sub_id_4={widget_id}&sub_id_5={click_id}&cost={click_price}',
	propellerads:
		'sub_id_1={campaignid}&sub_id_3={bannerid}&sub_id_4={zoneid}&sub_id_5=${SUBID}&cost={cost}',
	zeropark: 'sub_id_1={campaign_id}&sub_id_4={target}&sub_id_5={cid}&cost={visit_cost}',
	exoclick:
		'sub_id_1={campaign_id}&sub_id_3={variation_id}&sub_id_4={zone_id}&sub_id_5={conversions_tracking}',
	trafficjunky: 'sub_id_1={CampaignID}&sub_id_3={BannerID}&sub_id_4={SpotID}&sub_id_5={ACLID}',
	richads: 'sub_id_1=[CAMPAIGN_ID]&sub_id_3=[CREATIVE_ID]&sub_id_4=[SITE_ID]&sub_id_5=[CLICK_ID]',
	adsterra: 'sub_id_1=${CAMPAIGN_ID}&sub_id_4=${PLACEMENT_ID}&sub_id_5=${SUBID}',
	popads: 'sub_id_1=[CAMPAIGN_ID]&sub_id_4=[WEBSITE_ID]&sub_id_5=[IMPRESSION_ID]&cost=[BID]',
	mintegral:
		'sub_id_1={campaign_id}&sub_id_3={creative_id}&sub_id_4={package_name}&sub_id_5={clickid}',
	// Yandex appends yclid itself, VK Ads rb_clickid: read into sub_id_5, not in the string
	yandexdirect: 'sub_id_1={campaign_id}&sub_id_2={gbid}&sub_id_3={ad_id}&sub_id_4={source}',
	vkads: 'sub_id_1={{campaign_id}}&sub_id_2={{ad_plan_id}}&sub_id_3={{banner_id}}',
};

describe('buildTrackingTemplate', () => {
	it('covers every network of the catalogue', () => {
		expect(Object.keys(KEITARO_DEFAULT).sort()).toEqual(AD_NETWORKS.map((n) => n.id).sort());
	});

	it.each(Object.entries(KEITARO_DEFAULT))(
		'%s: exact Keitaro string with the default layout',
		(id, expected) => {
			const { template, errors } = buildTrackingTemplate(net(id), defaultLayout(), KEITARO_SLOTS);
			expect(errors).toEqual([]);
			expect(template?.urlParameters).toBe(expected);
		},
	);

	it('Facebook: fbclid is appended by Meta, read into sub_id_5, not pasted', () => {
		const { template } = buildTrackingTemplate(net('facebook'), defaultLayout(), KEITARO_SLOTS);
		const clickId = template!.parameters.find((p) => p.role === 'clickId')!;
		expect(clickId).toMatchObject({
			key: 'sub_id_5',
			urlName: 'fbclid',
			macro: '',
			appended: true,
		});
		expect(template!.unverified).toEqual(['placement']);
		expect(template!.warnings.join('\n')).toMatch(/appends fbclid/);
		expect(template!.warnings.join('\n')).toMatch(
			/Not confirmed in Facebook \/ Meta's documentation: Placement \/ Site \(\{\{placement\}\}\)/,
		);
	});

	it('a level the network lacks is left out with a warning (MGID has no ad sets)', () => {
		const { template } = buildTrackingTemplate(net('mgid'), defaultLayout(), KEITARO_SLOTS);
		expect(template!.parameters.map((p) => p.key)).toEqual([
			'sub_id_1',
			'sub_id_3',
			'sub_id_4',
			'sub_id_5',
			'cost',
		]);
		expect(template!.warnings).toContain(
			'MGID has no Ad Set / Ad Group ID macro: sub_id_2 is left out',
		);
		expect(template!.unverified).toEqual([]);
	});

	it('descriptive names and extras', () => {
		const { template } = buildTrackingTemplate(
			net('tiktok'),
			[
				{ role: 'campaignId', slot: 1 },
				{ role: 'adsetId', slot: 2 },
				{ role: 'adId', slot: 3 },
				{ role: 'campaignName', slot: 6 },
				{ role: 'custom', slot: 7, macro: '__CSITE__', name: 'site', label: 'Site' },
			],
			KEITARO_SLOTS,
			{ naming: 'role' },
		);
		expect(template!.urlParameters).toBe(
			'campaign_id=__CAMPAIGN_ID__&adset_id=__AID__&ad_id=__CID__&campaign_name=__CAMPAIGN_NAME__&site=__CSITE__',
		);
		expect(template!.parameters.find((p) => p.slot === 7)).toMatchObject({
			key: 'sub_id_7',
			confidence: 'custom',
			label: 'Site',
		});
	});

	it('unverified macros can be left out', () => {
		const { template } = buildTrackingTemplate(net('facebook'), defaultLayout(), KEITARO_SLOTS, {
			includeUnverified: false,
		});
		expect(template!.urlParameters).toBe(
			'sub_id_1={{campaign.id}}&sub_id_2={{adset.id}}&sub_id_3={{ad.id}}',
		);
		expect(template!.warnings.join('\n')).toMatch(/Left out because not confirmed.*Placement/);
	});

	it('cost can be left out', () => {
		const { template } = buildTrackingTemplate(net('mgid'), defaultLayout(), KEITARO_SLOTS, {
			includeCost: false,
		});
		expect(template!.urlParameters).not.toMatch(/cost=/);
	});

	it('other trackers name the same slots their way', () => {
		const layout = defaultLayout();
		expect(buildTrackingTemplate(net('facebook'), layout, VOLUUM).template!.urlParameters).toBe(
			'var1={{campaign.id}}&var2={{adset.id}}&var3={{ad.id}}&var4={{placement}}',
		);
		expect(buildTrackingTemplate(net('mgid'), layout, REDTRACK).template!.urlParameters).toBe(
			'sub1={campaign_id}&sub3={teaser_id}&sub4={widget_id}&sub5={click_id}&cost={click_price}',
		);
		const binom = buildTrackingTemplate(net('mgid'), layout, BINOM).template!;
		expect(binom.urlParameters).toBe(
			't1={campaign_id}&t3={teaser_id}&t4={widget_id}&t5={click_id}',
		);
		expect(binom.warnings).toContain(
			'Binom has no cost parameter: the MGID cost macro is left out',
		);
	});

	it('rejects slots out of range, used twice, unknown roles and duplicate names', () => {
		expect(
			buildTrackingTemplate(net('google'), [{ role: 'campaignId', slot: 31 }], KEITARO_SLOTS)
				.errors[0],
		).toMatch(/slot 31 is not between 1 and 30 \(Keitaro has 30 slots\)/);
		expect(
			buildTrackingTemplate(net('google'), [{ role: 'campaignId', slot: 11 }], VOLUUM).errors[0],
		).toMatch(/Voluum has 10 slots/);
		expect(
			buildTrackingTemplate(
				net('google'),
				[
					{ role: 'campaignId', slot: 1 },
					{ role: 'adId', slot: 1 },
				],
				KEITARO_SLOTS,
			).errors[0],
		).toBe('Slot 1 is used twice: Campaign ID and Ad (Creative). Give each value its own slot.');
		expect(
			buildTrackingTemplate(net('google'), [{ role: 'bogus', slot: 1 }], KEITARO_SLOTS).errors[0],
		).toMatch(/Unknown value "bogus"/);
		expect(
			buildTrackingTemplate(net('google'), [{ role: 'custom', slot: 9, macro: ' ' }], KEITARO_SLOTS)
				.errors[0],
		).toMatch(/no macro/);
		const dup = buildTrackingTemplate(
			net('google'),
			[
				{ role: 'campaignId', slot: 1, name: 'x' },
				{ role: 'adId', slot: 2, name: 'x' },
			],
			KEITARO_SLOTS,
		);
		expect(dup.template).toBeUndefined();
		expect(dup.errors[0]).toMatch(/"x" is used twice/);
	});
});
