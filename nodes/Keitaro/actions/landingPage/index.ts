import type { KeitaroResource } from '../types';
import { addFile } from './addFile';
import { archive } from './archive';
import { clone } from './clone';
import { create } from './create';
import { download } from './download';
import { get } from './get';
import { getAll } from './getAll';
import { getFile } from './getFile';
import { getFileStructure } from './getFileStructure';
import { removeFile } from './removeFile';
import { update } from './update';
import { updateFile } from './updateFile';

export const resource: KeitaroResource = {
	option: { name: 'Landing Page', value: 'landingPage' },
	defaultOperation: 'get',
	operations: {
		addFile,
		archive,
		clone,
		create,
		download,
		get,
		getAll,
		getFile,
		getFileStructure,
		removeFile,
		update,
		updateFile,
	},
};
