export * from './descriptions';
export * from './run';
