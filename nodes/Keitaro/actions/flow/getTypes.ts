import { catalogueOperation } from '../common/catalogue';

export const getTypes = catalogueOperation({
	name: 'Get Types',
	value: 'getTypes',
	description: 'Get the flow types (regular, intercepting, fallback)',
	action: 'Get flow types',
	path: '/stream_types',
});
