import { setStatusOperation } from '../status';

export const setStatus = setStatusOperation({
	path: '/offers',
	noun: 'offer',
	plural: 'offers',
	label: 'Offer',
});
