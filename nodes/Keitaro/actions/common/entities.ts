import type { IExecuteFunctions } from 'n8n-workflow';

import type { EntityDef } from './crud';
import { CAMPAIGN_LOOKUP_SPEC, resolveCampaignId } from './crud';
import {
	affiliateNetworkLocator,
	campaignLocator,
	domainLocator,
	facebookIntegrationLocator,
	flowCampaignLocator,
	flowLocator,
	groupLocator,
	landingPageLocator,
	offerLocator,
	trafficSourceLocator,
	userLocator,
} from './descriptions';
import { normalizeCampaign } from './utils';

export const campaignEntity: EntityDef = {
	label: 'Campaign',
	noun: 'campaign',
	plural: 'campaigns',
	article: 'a',
	basePath: '/campaigns',
	locator: campaignLocator,
	async resolveId(this: IExecuteFunctions, i: number) {
		return await resolveCampaignId.call(this, i);
	},
	normalize: normalizeCampaign,
	lookupSpec: [CAMPAIGN_LOOKUP_SPEC],
};

export const flowEntity: EntityDef = {
	label: 'Flow',
	noun: 'flow',
	plural: 'flows',
	article: 'a',
	basePath: '/streams',
	locator: flowLocator,
	locatorExtras: [flowCampaignLocator],
};

export const offerEntity: EntityDef = {
	label: 'Offer',
	noun: 'offer',
	plural: 'offers',
	article: 'an',
	basePath: '/offers',
	locator: offerLocator,
};

export const landingPageEntity: EntityDef = {
	label: 'Landing page',
	noun: 'landing page',
	plural: 'landing pages',
	article: 'a',
	basePath: '/landing_pages',
	locator: landingPageLocator,
};

export const affiliateNetworkEntity: EntityDef = {
	label: 'Affiliate network',
	noun: 'affiliate network',
	plural: 'affiliate networks',
	article: 'an',
	basePath: '/affiliate_networks',
	locator: affiliateNetworkLocator,
};

export const trafficSourceEntity: EntityDef = {
	label: 'Traffic source',
	noun: 'traffic source',
	plural: 'traffic sources',
	article: 'a',
	basePath: '/traffic_sources',
	locator: trafficSourceLocator,
};

export const domainEntity: EntityDef = {
	label: 'Domain',
	noun: 'domain',
	plural: 'domains',
	article: 'a',
	basePath: '/domains',
	locator: domainLocator,
};

export const groupEntity: EntityDef = {
	label: 'Group',
	noun: 'group',
	plural: 'groups',
	article: 'a',
	basePath: '/groups',
	locator: groupLocator,
};

export const userEntity: EntityDef = {
	label: 'User',
	noun: 'user',
	plural: 'users',
	article: 'a',
	basePath: '/users',
	locator: userLocator,
};

export const facebookIntegrationEntity: EntityDef = {
	label: 'Facebook integration',
	noun: 'Facebook integration',
	plural: 'Facebook integrations',
	article: 'a',
	basePath: '/integrations/facebook',
	locator: facebookIntegrationLocator,
};
