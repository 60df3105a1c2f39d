export * from './types';
export * from './url';
export * from './redact';
export * from './failure';
export * from './messages';
export * from './retry';
export * from './request';
export * from './probe';
