export * from './transformError.js';
export * from './rules/index.js';
export * from './mapping/index.js';
export * from './kpi/index.js';
export * from './seed/index.js';
