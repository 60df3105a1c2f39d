import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';
import type { EntityDef } from './crud';
import { resolveEntityId } from './crud';
import { checkRelativePath } from '../../../shared/validation';
import { asEntity, paramError } from './utils';

/**
 * File operations of local offers and landing pages (`/offers/{id}/…`, `/landing_pages/{id}/…`):
 * structure, read, create, save, remove and download as ZIP.
 */

const filePathField = {
	displayName: 'File Path',
	name: 'filePath',
	type: 'string' as const,
	required: true,
	default: '',
	placeholder: 'e.g. index.html or order/success.html',
	description: 'Path of the file, relative to the root of the local files',
};

const binaryPropertyField = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string' as const,
	required: true,
	default: 'data',
	hint: 'The name of the output binary field to put the file in',
};

/** A relative path without "..", empty segments or a leading slash. */
export function checkFilePath(ctx: IExecuteFunctions, i: number, value: unknown): string {
	// Allow-listed segments: no "..", no percent-encoded separators (%2e%2e, %2F), no backslashes.
	const checked = checkRelativePath(typeof value === 'string' ? value : '', 'File Path');
	if (!checked.ok) {
		throw paramError(
			ctx,
			i,
			checked.message,
			'Use a path such as "index.html" or "order/success.html", without ".." or empty parts.',
		);
	}
	return checked.value;
}

function baseName(path: string): string {
	const parts = path.split('/');
	return parts[parts.length - 1] || 'file';
}

function mimeOf(path: string): string {
	const ext = (/\.([a-z0-9]+)$/i.exec(path)?.[1] ?? '').toLowerCase();
	const map: Record<string, string> = {
		html: 'text/html',
		htm: 'text/html',
		css: 'text/css',
		js: 'application/javascript',
		json: 'application/json',
		txt: 'text/plain',
		php: 'text/plain',
		svg: 'image/svg+xml',
		xml: 'application/xml',
	};
	return map[ext] ?? 'text/plain';
}

function flattenTree(node: IDataObject, out: IDataObject[] = []): IDataObject[] {
	const children = Array.isArray(node.children) ? (node.children as IDataObject[]) : [];
	if (node.type !== 'directory' && children.length === 0 && node.path !== undefined) {
		out.push({ name: node.name, path: node.path, ext: node.ext ?? '' });
	}
	for (const child of children) flattenTree(child, out);
	return out;
}

export function getStructureOperation(def: EntityDef): KeitaroOperation {
	return {
		option: {
			name: 'Get File Structure',
			value: 'getFileStructure',
			description: `Get the file tree of a local ${def.noun}`,
			action: `Get the file structure of ${def.article} ${def.noun}`,
		},
		properties: [
			def.locator,
			{
				displayName: 'List Files',
				name: 'listFiles',
				type: 'boolean',
				default: false,
				description: 'Whether to output one item per file (name, path) instead of the whole tree',
			},
		],
		spec: [`GET ${def.basePath}/{id}/get_structure`],
		async execute(this: IExecuteFunctions, i: number) {
			const id = await resolveEntityId.call(this, def, i);
			const data = await keitaroApiRequest.call(
				this,
				'GET',
				`${def.basePath}/${id}/get_structure`,
				{
					entity: { label: def.label, id },
					itemIndex: i,
				},
			);
			const tree = asEntity(data);
			if (this.getNodeParameter('listFiles', i, false) === true) {
				const owner = `${def.noun.replace(/ /g, '_')}_id`;
				return flattenTree(tree).map((f) => ({ ...f, [owner]: Number(id) }));
			}
			return tree;
		},
	};
}

export function getFileOperation(def: EntityDef): KeitaroOperation {
	return {
		option: {
			name: 'Get File',
			value: 'getFile',
			description: `Read a file of a local ${def.noun}`,
			action: `Get a file of ${def.article} ${def.noun}`,
		},
		properties: [
			def.locator,
			filePathField,
			{
				displayName: 'Output as Binary',
				name: 'asBinary',
				type: 'boolean',
				default: false,
				description: 'Whether to output the file as binary data instead of text in the JSON',
			},
			{ ...binaryPropertyField, displayOptions: { show: { asBinary: [true] } } },
		],
		spec: [`GET ${def.basePath}/{id}/get_file`],
		async execute(this: IExecuteFunctions, i: number) {
			const path = checkFilePath(this, i, this.getNodeParameter('filePath', i));
			const asBinary = this.getNodeParameter('asBinary', i, false) === true;
			const property = asBinary
				? String(this.getNodeParameter('binaryPropertyName', i, 'data'))
				: '';
			const id = await resolveEntityId.call(this, def, i);
			const data = (await keitaroApiRequest.call(this, 'GET', `${def.basePath}/${id}/get_file`, {
				qs: { path },
				entity: { label: def.label, id },
				itemIndex: i,
			})) as IDataObject | undefined;
			const content =
				typeof data?.data === 'string'
					? data.data
					: data?.data === undefined
						? ''
						: JSON.stringify(data.data);
			if (!asBinary) return { path, data: content };
			const binary = await this.helpers.prepareBinaryData(
				Buffer.from(content, 'utf8'),
				baseName(path),
				mimeOf(path),
			);
			const item: INodeExecutionData = {
				json: { path, size: Buffer.byteLength(content, 'utf8') },
				binary: { [property]: binary },
				pairedItem: { item: i },
			};
			return [item];
		},
	};
}

export function addFileOperation(def: EntityDef): KeitaroOperation {
	return {
		option: {
			name: 'Add File',
			value: 'addFile',
			description: `Create an empty file in a local ${def.noun} (set its content with Update File)`,
			action: `Add a file to ${def.article} ${def.noun}`,
		},
		properties: [def.locator, filePathField],
		spec: [`POST ${def.basePath}/{id}/add_file`],
		async execute(this: IExecuteFunctions, i: number) {
			const path = checkFilePath(this, i, this.getNodeParameter('filePath', i));
			const id = await resolveEntityId.call(this, def, i);
			const data = await keitaroApiRequest.call(this, 'POST', `${def.basePath}/${id}/add_file`, {
				qs: { path },
				entity: { label: def.label, id },
				itemIndex: i,
			});
			return asEntity(data, { path });
		},
	};
}

export function updateFileOperation(def: EntityDef): KeitaroOperation {
	return {
		option: {
			name: 'Update File',
			value: 'updateFile',
			description: `Save the content of a file of a local ${def.noun}`,
			action: `Update a file of ${def.article} ${def.noun}`,
		},
		properties: [
			def.locator,
			filePathField,
			{
				displayName: 'Content Source',
				name: 'contentSource',
				type: 'options',
				options: [
					{ name: 'Text', value: 'text', description: 'Type or map the content' },
					{
						name: 'Binary Field',
						value: 'binary',
						description: 'Use a binary field of the input item (read as UTF-8 text)',
					},
				],
				default: 'text',
			},
			{
				displayName: 'Content',
				name: 'content',
				type: 'string',
				typeOptions: { rows: 6 },
				default: '',
				displayOptions: { show: { contentSource: ['text'] } },
				description:
					'New content of the file. Keitaro takes it in the query string, so keep it small (a few KB).',
			},
			{
				displayName: 'Input Binary Field',
				name: 'binaryPropertyName',
				type: 'string',
				required: true,
				default: 'data',
				displayOptions: { show: { contentSource: ['binary'] } },
				hint: 'The name of the input binary field containing the file',
			},
		],
		spec: [`PUT ${def.basePath}/{id}/update_file`],
		async execute(this: IExecuteFunctions, i: number) {
			const path = checkFilePath(this, i, this.getNodeParameter('filePath', i));
			let content: string;
			if (this.getNodeParameter('contentSource', i, 'text') === 'binary') {
				const property = String(this.getNodeParameter('binaryPropertyName', i, 'data'));
				this.helpers.assertBinaryData(i, property);
				content = (await this.helpers.getBinaryDataBuffer(i, property)).toString('utf8');
			} else {
				content = String(this.getNodeParameter('content', i, '') ?? '');
			}
			const id = await resolveEntityId.call(this, def, i);
			const data = await keitaroApiRequest.call(this, 'PUT', `${def.basePath}/${id}/update_file`, {
				qs: { path, data: content },
				entity: { label: def.label, id },
				itemIndex: i,
			});
			return asEntity(data, { path });
		},
	};
}

export function removeFileOperation(def: EntityDef): KeitaroOperation {
	return {
		option: {
			name: 'Remove File',
			value: 'removeFile',
			description: `Delete a file of a local ${def.noun}`,
			action: `Remove a file from ${def.article} ${def.noun}`,
		},
		properties: [def.locator, filePathField],
		spec: [`DELETE ${def.basePath}/{id}/remove_file`],
		async execute(this: IExecuteFunctions, i: number) {
			const path = checkFilePath(this, i, this.getNodeParameter('filePath', i));
			const id = await resolveEntityId.call(this, def, i);
			const data = await keitaroApiRequest.call(
				this,
				'DELETE',
				`${def.basePath}/${id}/remove_file`,
				{
					qs: { path },
					entity: { label: def.label, id },
					itemIndex: i,
				},
			);
			return asEntity(data, { path });
		},
	};
}

/** Download: GET {base}/{id}/download answers the ZIP of the local files, read as bytes. */
export function downloadOperation(def: EntityDef): KeitaroOperation {
	return {
		option: {
			name: 'Download',
			value: 'download',
			description: `Download the local files of ${def.article} ${def.noun} as a ZIP archive`,
			action: `Download ${def.article} ${def.noun} as a ZIP`,
		},
		properties: [def.locator, binaryPropertyField],
		spec: [`GET ${def.basePath}/{id}/download`],
		async execute(this: IExecuteFunctions, i: number) {
			const property = String(this.getNodeParameter('binaryPropertyName', i, 'data'));
			const id = await resolveEntityId.call(this, def, i);
			const data = await keitaroApiRequest.call(this, 'GET', `${def.basePath}/${id}/download`, {
				entity: { label: def.label, id },
				itemIndex: i,
				responseType: 'binary',
				timeoutMs: 120_000,
			});
			const buffer = Buffer.isBuffer(data) ? data : Buffer.from(String(data ?? ''), 'utf8');
			const fileName = `${def.basePath.replace(/^\//, '')}_${id}.zip`;
			const binary = await this.helpers.prepareBinaryData(buffer, fileName, 'application/zip');
			const json: IDataObject = { id: Number(id), fileName, size: buffer.length };
			const item: INodeExecutionData = {
				json,
				binary: { [property]: binary },
				pairedItem: { item: i },
			};
			return [item];
		},
	};
}
