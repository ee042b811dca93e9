import { ConfigError, parseConfig } from '@rivulet/config';
import { describe, expect, it } from 'vitest';
import { matchConfigSchema, matchStorageOf } from './config.js';

describe('where match keeps its state', () => {
  const base = { RIVULET_MASTER_KEY: 'k' };

  it('given no DB_SCHEMA, when parsed, then nothing is changed: the connection\'s own search_path, keys beside the state', () => {
    expect(matchStorageOf(parseConfig(matchConfigSchema, base))).toEqual({});
  });

  it('given DB_SCHEMA, then the state lives in that schema (migrated at start) and the keys are still read from public', () => {
    expect(matchStorageOf(parseConfig(matchConfigSchema, { ...base, DB_SCHEMA: 'run_7' }))).toEqual({
      searchPath: ['run_7', 'public'], migrateSchema: 'run_7', keysSchema: 'public',
    });
  });

  it('given PII_KEYS_SCHEMA too, then the keys are read from there', () => {
    expect(matchStorageOf(parseConfig(matchConfigSchema, { ...base, DB_SCHEMA: 'run_7', PII_KEYS_SCHEMA: 'run_7' })).keysSchema).toBe('run_7');
  });

  it('given a DB_SCHEMA that is not a plain identifier, then start-up fails naming it', () => {
    expect(() => parseConfig(matchConfigSchema, { ...base, DB_SCHEMA: 'run; drop table x' })).toThrow(ConfigError);
    expect(() => parseConfig(matchConfigSchema, { ...base, DB_SCHEMA: 'Run7' })).toThrow(/DB_SCHEMA/);
  });
});
