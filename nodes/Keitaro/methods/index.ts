import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { loadOptions as entityLoadOptions } from './loadOptions';
import { reportLoadOptions } from './reportOptions';

export { listSearch } from './listSearch';

/** Every loadOptions method of the node: entity pickers and catalogues, plus report/log names. */
export const loadOptions: Record<
	string,
	(this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>
> = {
	...entityLoadOptions,
	...reportLoadOptions,
};
