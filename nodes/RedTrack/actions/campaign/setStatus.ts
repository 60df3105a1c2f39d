import { setStatusOperation } from '../status';

export const setStatus = setStatusOperation({
	path: '/campaigns',
	noun: 'campaign',
	plural: 'campaigns',
	label: 'Campaign',
});
