export * from './descriptions';
export * from './listSource';
export * from './pacer';
export * from './run';
