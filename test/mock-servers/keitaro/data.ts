/**
 * Static vocabulary of the Keitaro mock: catalogues served by `/stream_types`, `/stream_schemas`,
 * `/streams_actions`, `/stream_filters`, `/logs/types`, and the value pools used to generate
 * realistic clicks. Shapes follow the spec schemas `StreamAction` and `StreamFilter` (docs §2.2).
 */

export const COUNTRIES: ReadonlyArray<readonly [code: string, name: string, weight: number]> = [
	['US', 'United States', 18],
	['DE', 'Germany', 10],
	['GB', 'United Kingdom', 8],
	['FR', 'France', 7],
	['ES', 'Spain', 6],
	['IT', 'Italy', 6],
	['PL', 'Poland', 5],
	['BR', 'Brazil', 6],
	['MX', 'Mexico', 4],
	['IN', 'India', 7],
	['RO', 'Romania', 3],
	['NL', 'Netherlands', 3],
	['CA', 'Canada', 4],
	['AU', 'Australia', 3],
	['TR', 'Turkey', 3],
	['UA', 'Ukraine', 2],
	['KZ', 'Kazakhstan', 2],
	['ID', 'Indonesia', 3],
];

export const COUNTRY_NAMES: Record<string, string> = Object.fromEntries(
	COUNTRIES.map(([c, n]) => [c, n]),
);

export const REGIONS: Record<
	string,
	ReadonlyArray<readonly [region: string, code: string, city: string]>
> = {
	US: [
		['California', 'CA', 'Los Angeles'],
		['New York', 'NY', 'New York'],
		['Texas', 'TX', 'Houston'],
	],
	DE: [
		['Berlin', 'BE', 'Berlin'],
		['Bavaria', 'BY', 'Munich'],
	],
	GB: [
		['England', 'ENG', 'London'],
		['Scotland', 'SCT', 'Glasgow'],
	],
	FR: [['Ile-de-France', 'IDF', 'Paris']],
	ES: [['Madrid', 'MD', 'Madrid']],
	IT: [['Lazio', 'LZ', 'Rome']],
	PL: [['Mazovia', 'MZ', 'Warsaw']],
	BR: [['Sao Paulo', 'SP', 'Sao Paulo']],
	MX: [['Mexico City', 'CMX', 'Mexico City']],
	IN: [['Maharashtra', 'MH', 'Mumbai']],
	RO: [['Bucuresti', 'B', 'Bucharest']],
	NL: [['North Holland', 'NH', 'Amsterdam']],
	CA: [['Ontario', 'ON', 'Toronto']],
	AU: [['New South Wales', 'NSW', 'Sydney']],
	TR: [['Istanbul', '34', 'Istanbul']],
	UA: [['Kyiv City', '30', 'Kyiv']],
	KZ: [['Almaty', 'ALA', 'Almaty']],
	ID: [['Jakarta', 'JK', 'Jakarta']],
};

export interface DeviceProfile {
	device_type: string;
	os: string;
	os_version: string;
	browser: string;
	browser_version: string;
	device_model: string;
	user_agent: string;
	weight: number;
}

export const DEVICES: readonly DeviceProfile[] = [
	{
		device_type: 'mobile',
		os: 'Android',
		os_version: '14',
		browser: 'Chrome Mobile',
		browser_version: '124.0',
		device_model: 'Galaxy S23',
		user_agent:
			'Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
		weight: 40,
	},
	{
		device_type: 'mobile',
		os: 'iOS',
		os_version: '17.4',
		browser: 'Mobile Safari',
		browser_version: '17.4',
		device_model: 'iPhone',
		user_agent:
			'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
		weight: 30,
	},
	{
		device_type: 'desktop',
		os: 'Windows',
		os_version: '10',
		browser: 'Chrome',
		browser_version: '124.0',
		device_model: '',
		user_agent:
			'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
		weight: 20,
	},
	{
		device_type: 'desktop',
		os: 'Mac OS X',
		os_version: '10.15',
		browser: 'Safari',
		browser_version: '17.4',
		device_model: '',
		user_agent:
			'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
		weight: 7,
	},
	{
		device_type: 'tablet',
		os: 'iOS',
		os_version: '16.6',
		browser: 'Mobile Safari',
		browser_version: '16.6',
		device_model: 'iPad',
		user_agent:
			'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
		weight: 3,
	},
];

export const LANGUAGES: Record<string, string> = {
	US: 'en',
	GB: 'en',
	CA: 'en',
	AU: 'en',
	IN: 'en',
	DE: 'de',
	FR: 'fr',
	ES: 'es',
	MX: 'es',
	IT: 'it',
	PL: 'pl',
	BR: 'pt',
	RO: 'ro',
	NL: 'nl',
	TR: 'tr',
	UA: 'uk',
	KZ: 'ru',
	ID: 'id',
};

export const ISPS = [
	'Comcast Cable',
	'Deutsche Telekom AG',
	'Vodafone',
	'Orange',
	'Telefonica',
	'Jio',
	'Claro',
];
export const OPERATORS = ['Vodafone', 'T-Mobile', 'Orange', 'Jio', 'Claro', 'Turkcell', ''];
export const KEYWORDS = [
	'keto diet',
	'weight loss',
	'online casino',
	'best vpn',
	'crypto app',
	'dating',
	'',
];
export const CREATIVES = ['cr_101', 'cr_102', 'cr_205', 'cr_206', 'cr_310'];
export const AD_CAMPAIGNS = ['23851234567890001', '23851234567890002', '23851234567890003'];
/**
 * Facebook ad set ids, sent as sub_id_2 by the tracking template that Tracking → Generate
 * Tracking Parameters builds for Facebook ({{adset.id}}); the cost-sync example matches on them.
 */
export const AD_SETS = [
	'23861234567890011',
	'23861234567890012',
	'23861234567890013',
	'23861234567890014',
	'23861234567890015',
	'23861234567890016',
];

export const STREAM_TYPES = [
	{
		key: 'forced',
		name: 'Intercepting',
		field: 'type',
		type: 'forced',
		description: 'Checked first; catches traffic before regular flows',
	},
	{ key: 'regular', name: 'Regular', field: 'type', type: 'regular', description: 'Regular flow' },
	{
		key: 'default',
		name: 'Fallback',
		field: 'type',
		type: 'default',
		description: 'Used when no other flow matched',
	},
];

export const STREAM_SCHEMAS = [
	{
		key: 'landings',
		name: 'Landing pages and offers',
		field: 'schema',
		type: 'landings',
		description: 'Rotate landing pages and offers',
	},
	{
		key: 'redirect',
		name: 'Redirect',
		field: 'schema',
		type: 'redirect',
		description: 'Redirect to a URL',
	},
	{
		key: 'action',
		name: 'Action',
		field: 'schema',
		type: 'action',
		description: 'Run an action (show text, send to campaign, ...)',
	},
];

export const STREAM_ACTIONS = [
	['http', 'HTTP redirect', 'redirect'],
	['meta', 'Meta redirect', 'redirect'],
	['double_meta', 'Double meta redirect', 'redirect'],
	['js', 'JS redirect', 'redirect'],
	['blank_referrer', 'Blank referrer', 'redirect'],
	['formsubmit', 'Form submit', 'redirect'],
	['iframe', 'Iframe', 'redirect'],
	['remote', 'Remote', 'redirect'],
	['frame', 'Frame', 'redirect'],
	['curl', 'CURL', 'redirect'],
	['local_file', 'Local file', 'action'],
	['status404', '404 Not Found', 'action'],
	['show_text', 'Show text', 'action'],
	['show_html', 'Show HTML', 'action'],
	['campaign', 'Send to campaign', 'action'],
	['do_nothing', 'Do nothing', 'action'],
].map(([key, name, type]) => ({ key, name, field: 'action_payload', type, description: name }));

export const STREAM_FILTERS = [
	['country', 'Country', 'geo'],
	['region', 'Region', 'geo'],
	['city', 'City', 'geo'],
	['language', 'Language', 'device'],
	['device_type', 'Device type', 'device'],
	['os', 'Operating system', 'device'],
	['browser', 'Browser', 'device'],
	['connection_type', 'Connection type', 'device'],
	['ip', 'IP address', 'network'],
	['isp', 'ISP', 'network'],
	['operator', 'Mobile operator', 'network'],
	['proxy', 'Proxy', 'network'],
	['bot', 'Bot', 'network'],
	['referrer', 'Referrer', 'source'],
	['empty_referrer', 'Empty referrer', 'source'],
	['keyword', 'Keyword', 'source'],
	['source', 'Source', 'source'],
	['uniqueness', 'Uniqueness', 'other'],
	['limit', 'Limit', 'other'],
	['schedule', 'Schedule', 'other'],
	['sub_id_1', 'Sub ID 1', 'parameters'],
	['sub_id_2', 'Sub ID 2', 'parameters'],
].map(([value, tooltip, group]) => ({
	value,
	tooltip,
	modes: { accept: 'Accept', reject: 'Reject' },
	group,
	template: `<filter-${value.replace(/_/g, '-')}></filter-${value.replace(/_/g, '-')}>`,
	header_template: tooltip,
	defaults: '[]',
}));

export const LOG_TYPES = ['system', 'traffic', 'postback', 'cron', 'bot_detection', 'api'];

export const HTML_ADMIN_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Keitaro</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/admin/assets/app.css">
</head>
<body class="login-page">
<div id="app" data-version="11.0.0"><noscript>Keitaro admin panel requires JavaScript.</noscript></div>
<script src="/admin/assets/app.js"></script>
</body>
</html>
`;

export const CLASS_NAMES = {
	campaign: 'Traffic\\Model\\Campaign',
	stream: 'Traffic\\Model\\BaseStream',
	offer: 'Traffic\\Model\\Offer',
	landing: 'Traffic\\Model\\Landing',
	affiliateNetwork: 'Traffic\\Model\\AffiliateNetwork',
	trafficSource: 'Traffic\\Model\\TrafficSource',
	domain: 'Traffic\\Model\\Domain',
	group: 'Traffic\\Model\\Group',
	user: 'Traffic\\Model\\User',
	facebook: 'Traffic\\Model\\Integration',
} as const;
