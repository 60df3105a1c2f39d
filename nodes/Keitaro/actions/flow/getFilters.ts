import { catalogueOperation } from '../common/catalogue';

export const getFilters = catalogueOperation({
	name: 'Get Filter Types',
	value: 'getFilters',
	description: 'Get the filter types a flow can use, with their modes',
	action: 'Get flow filter types',
	path: '/stream_filters',
});
