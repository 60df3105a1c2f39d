import { catalogueOperation } from '../common/catalogue';

export const getActions = catalogueOperation({
	name: 'Get Action Types',
	value: 'getActions',
	description: 'Get the redirect and action types a flow can use',
	action: 'Get flow action types',
	path: '/streams_actions',
});
