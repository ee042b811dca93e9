export * from './transformError.js';
export * from './rules/index.js';
