export * from './catalog';
export * from './generator';
export type * from './types';
