/**
 * Names the Keitaro report and log endpoints understand (keitaro-admin-api.md §3.2, §3.4, §3.5,
 * §4.2 and §4.3). Static on purpose: Keitaro has no endpoint that lists them, and an unknown name
 * fails the whole request (the error then lists the valid names).
 */

const range = (prefix: string, from: number, to: number): string[] =>
	Array.from({ length: to - from + 1 }, (_v, k) => `${prefix}${from + k}`);

/** Report measures (`measures`, legacy `metrics`), §3.4. */
export const REPORT_MEASURES: readonly string[] = [
	// traffic
	'clicks',
	'campaign_unique_clicks',
	'stream_unique_clicks',
	'global_unique_clicks',
	'uc_campaign_rate',
	'uc_stream_rate',
	'uc_global_rate',
	'bots',
	'bot_share',
	'proxies',
	'empty_referrers',
	'lp_views',
	'lp_clicks',
	'lp_ctr',
	'landing_clicked_period',
	// conversions
	'conversions',
	'leads',
	'sales',
	'rejected',
	'rebills',
	'approve',
	'cr',
	'crs',
	'crl',
	// money
	'cost',
	'revenue',
	'profit',
	'profitability',
	'lead_revenue',
	'sale_revenue',
	'rejected_revenue',
	'profit_confirmed',
	'roi',
	'roi_confirmed',
	'epc',
	'epc_confirmed',
	'cps',
	'cpa',
	'cpc',
	'cpl',
	'ecpc',
	'ecpm',
	'ecpm_confirmed',
	'ec',
	'ec_confirmed',
];

/** Measures that only some Keitaro versions know (shown with a note in the dropdown). */
export const VERSION_DEPENDENT_MEASURES: readonly string[] = ['cpl', 'lp_views'];

const ID_DIMENSIONS = [
	'click_id',
	'sub_id',
	'visitor_code',
	'campaign_id',
	'campaign_group_id',
	'parent_campaign_id',
	'landing_id',
	'offer_id',
	'affiliate_network_id',
	'ts_id',
	'stream_id',
	'language_id',
	'device_type_id',
	'destination_id',
	'source_id',
	'referrer_id',
	'keyword_id',
	'search_engine_id',
	'visitor_id',
	'x_requested_with_id',
	'ad_campaign_id_id',
	'external_id_id',
	'creative_id_id',
	...range('sub_id_', 1, 30).map((s) => `${s}_id`),
];

const DATA_DIMENSIONS = [
	'campaign',
	'campaign_group',
	'parent_campaign',
	'parent_sub_id',
	'landing',
	'offer',
	'affiliate_network',
	'ts',
	'stream',
	'language',
	'device_type',
	'connection_type',
	'ip',
	'ip_mask1',
	'ip_mask2',
	'country_code',
	'country',
	'country_flag',
	'region',
	'region_code',
	'city',
	'user_agent',
	'operator',
	'os',
	'os_icon',
	'os_version',
	'browser',
	'browser_icon',
	'browser_version',
	'device_model',
	'isp',
	'source',
	'referrer',
	'search_engine',
	'keyword',
	'destination',
	'x_requested_with',
	'ad_campaign_id',
	'external_id',
	'creative_id',
	...range('sub_id_', 1, 30),
	...range('extra_param_', 1, 10),
	'label',
	'landing_clicked',
	'landing_clicked_datetime',
];

const FLAG_DIMENSIONS = [
	'is_unique_stream',
	'is_unique_campaign',
	'is_unique_global',
	'is_lead',
	'is_sale',
	'is_rejected',
	'is_bot',
	'is_using_proxy',
	'is_empty_referrer',
];

const TIME_DIMENSIONS = ['datetime', 'year', 'month', 'week', 'weekday', 'day', 'hour', 'day_hour'];

/** Report dimensions (`dimensions`, legacy `grouping`), §3.5. */
export const REPORT_DIMENSIONS: readonly string[] = [
	...TIME_DIMENSIONS,
	...ID_DIMENSIONS,
	...DATA_DIMENSIONS,
	...FLAG_DIMENSIONS,
];

/** Per-click money columns of the click log (§4.1). */
const CLICK_MONEY = ['revenue', 'cost', 'profit'];

/** Columns of `POST /clicks/log` (§4.1): the dimension list plus per-click money. */
export const CLICK_LOG_COLUMNS: readonly string[] = [
	...TIME_DIMENSIONS,
	...ID_DIMENSIONS,
	...DATA_DIMENSIONS,
	...FLAG_DIMENSIONS,
	...CLICK_MONEY,
];

/** Conversion-specific columns of `POST /conversions/log` (§4.2). */
export const CONVERSION_SPECIFIC_COLUMNS: readonly string[] = [
	'conversion_id',
	'click_datetime',
	'postback_datetime',
	'sale_datetime',
	'sale_period',
	'tid',
	'status',
	'previous_status',
	'original_status',
	'params',
];

/**
 * Columns of `POST /conversions/log` (§4.2): conversion columns, the click context and `revenue`
 * (the conversion payout). There is NO `payout` column: asking for it fails the request.
 */
export const CONVERSION_LOG_COLUMNS: readonly string[] = [
	...CONVERSION_SPECIFIC_COLUMNS,
	'revenue',
	...TIME_DIMENSIONS,
	...ID_DIMENSIONS,
	...DATA_DIMENSIONS,
	...FLAG_DIMENSIONS,
];

/** Filter operators (§3.2). */
export const FILTER_OPERATORS: ReadonlyArray<{ value: string; name: string; description: string }> =
	[
		{ value: 'EQUALS', name: 'Equals', description: 'Equal to a number or a text' },
		{ value: 'NOT_EQUAL', name: 'Not Equal', description: 'Different from a number or a text' },
		{ value: 'GREATER_THAN', name: 'Greater Than', description: 'Number greater than' },
		{ value: 'LESS_THAN', name: 'Less Than', description: 'Number less than' },
		{
			value: 'EQUALS_OR_GREATER_THAN',
			name: 'Equals or Greater Than',
			description: 'Number greater than or equal to',
		},
		{
			value: 'EQUALS_OR_LESS_THAN',
			name: 'Equals or Less Than',
			description: 'Number less than or equal to',
		},
		{
			value: 'MATCH_REGEXP',
			name: 'Matches Regular Expression',
			description: 'Text matches a regular expression such as /uuid=100[0-9]{2}/',
		},
		{
			value: 'NOT_MATCH_REGEXP',
			name: 'Does Not Match Regular Expression',
			description: 'Text does not match a regular expression',
		},
		{ value: 'BEGINS_WITH', name: 'Begins With', description: 'Text starts with' },
		{ value: 'ENDS_WITH', name: 'Ends With', description: 'Text ends with' },
		{ value: 'CONTAINS', name: 'Contains', description: 'Text contains' },
		{ value: 'NOT_CONTAIN', name: 'Does Not Contain', description: 'Text does not contain' },
		{ value: 'IN_LIST', name: 'In List', description: 'Equal to one of several values' },
		{ value: 'NOT_IN_LIST', name: 'Not in List', description: 'Equal to none of several values' },
		{ value: 'BETWEEN', name: 'Between', description: 'Between two values (inclusive)' },
		{ value: 'IS_SET', name: 'Is Set', description: 'Has a value (not empty)' },
		{ value: 'IS_NOT_SET', name: 'Is Not Set', description: 'Is empty' },
		{ value: 'IS_TRUE', name: 'Is True', description: 'Flag is on, e.g. is_bot' },
		{ value: 'IS_FALSE', name: 'Is False', description: 'Flag is off' },
		{
			value: 'HAS_LABEL',
			name: 'Has Label',
			description: 'Value is on the whitelist or blacklist of the campaign',
		},
		{
			value: 'NOT_HAS_LABEL',
			name: 'Does Not Have Label',
			description: 'Value is not on the whitelist or blacklist',
		},
		{
			value: 'IP_BEGINS_WITH',
			name: 'IP Begins With',
			description: 'IP address starts with a prefix such as 10.1 (Keitaro 9 and later)',
		},
	];

/** Operators by the kind of expression they take. */
export const OPERATORS_NO_VALUE = ['IS_SET', 'IS_NOT_SET', 'IS_TRUE', 'IS_FALSE'];
export const OPERATORS_NUMBER = [
	'GREATER_THAN',
	'LESS_THAN',
	'EQUALS_OR_GREATER_THAN',
	'EQUALS_OR_LESS_THAN',
];
export const OPERATORS_LIST = ['IN_LIST', 'NOT_IN_LIST'];
export const OPERATORS_RANGE = ['BETWEEN'];
export const OPERATORS_LABEL = ['HAS_LABEL', 'NOT_HAS_LABEL'];
export const OPERATORS_TEXT = [
	'EQUALS',
	'NOT_EQUAL',
	'MATCH_REGEXP',
	'NOT_MATCH_REGEXP',
	'BEGINS_WITH',
	'ENDS_WITH',
	'CONTAINS',
	'NOT_CONTAIN',
	'IP_BEGINS_WITH',
];

/** Fields whose values are numbers: filter expressions on them are sent as numbers. */
export const NUMERIC_FIELDS: ReadonlySet<string> = new Set<string>([
	...REPORT_MEASURES,
	...ID_DIMENSIONS.filter((d) => !['click_id', 'sub_id', 'visitor_code'].includes(d)),
	'year',
	'month',
	'week',
	'weekday',
	'hour',
	'revenue',
	'cost',
	'profit',
]);

/**
 * Fields that hold identifiers or free text even when they look like numbers (ad-network ids,
 * sub ids, IPs): Simplify keeps them as text so leading zeros and 18-digit ids survive.
 */
export const TEXT_FIELDS: ReadonlySet<string> = new Set<string>([
	'click_id',
	'sub_id',
	'visitor_code',
	'parent_sub_id',
	'tid',
	'conversion_id',
	'ip',
	'ip_mask1',
	'ip_mask2',
	'keyword',
	'source',
	'referrer',
	'destination',
	'external_id',
	'creative_id',
	'ad_campaign_id',
	'label',
	'params',
	'user_agent',
	'os_version',
	'browser_version',
	'region_code',
	'country_code',
	'status',
	'previous_status',
	'original_status',
	'day',
	'datetime',
	'click_datetime',
	'postback_datetime',
	'sale_datetime',
	'landing_clicked_datetime',
	'day_hour',
	...range('sub_id_', 1, 30),
	...range('extra_param_', 1, 10),
]);

/** `interval` tokens of `range` (§3.1, [SPEC] list). */
export const RANGE_INTERVALS: ReadonlyArray<{ name: string; value: string; description: string }> =
	[
		{ name: 'Today', value: 'today', description: 'Interval today' },
		{ name: 'Yesterday', value: 'yesterday', description: 'Interval yesterday' },
		{
			name: 'Since 7 Days Ago',
			value: '7_days_ago',
			description: 'Interval 7_days_ago: from 00:00 seven days ago until now',
		},
		{
			name: 'This Week',
			value: 'first_day_of_this_week',
			description: 'Interval first_day_of_this_week: from the first day of this week until now',
		},
		{
			name: 'Since 1 Month Ago',
			value: '1_month_ago',
			description: 'Interval 1_month_ago: from the same day last month until now',
		},
		{
			name: 'This Month',
			value: 'first_day_of_this_month',
			description: 'Interval first_day_of_this_month: from the 1st of this month until now',
		},
		{
			name: 'Since 1 Year Ago',
			value: '1_year_ago',
			description: 'Interval 1_year_ago: from the same day last year until now',
		},
		{
			name: 'This Year',
			value: 'first_day_of_this_year',
			description: 'Interval first_day_of_this_year: from January 1st until now',
		},
		{ name: 'All Time', value: 'all_time', description: 'Interval all_time: no date limit' },
	];

/** Click filters of the cost update (`FilterCostRequest`, §4.3; sub ids up to 30 on current versions). */
export const COST_FILTER_KEYS: readonly string[] = [
	...range('sub_id_', 1, 30),
	'ad_campaign_id',
	'external_id',
	'creative_id',
	'source',
	'keyword',
];

/** `ref_name` values of the labels endpoints. */
export const LABEL_REF_NAMES: readonly string[] = [
	'ip',
	'source',
	'ad_campaign_id',
	'creative_id',
	'keyword',
	...range('sub_id_', 1, 30),
];
