import { ConfigError, parseConfig } from '@rivulet/config';
import { describe, expect, it } from 'vitest';
import { projectorConfigSchema } from './projectorConfig.js';

describe('projector configuration', () => {
  it('given an empty environment, when parsing, then the live projection into public on the local stack', () => {
    const config = parseConfig(projectorConfigSchema, {});
    expect(config).toMatchObject({ PROJECTION_NAME: 'live', DB_SCHEMA: 'public', PROJECTOR_GROUP_ID: 'rivulet.projector.live', KAFKA_BROKERS: ['127.0.0.1:19092'] });
    expect(config.DATABASE_URL).toMatch(/^postgres:\/\//);
  });

  it('given a shadow rebuild, when parsing, then its own group follows the projection name', () => {
    const config = parseConfig(projectorConfigSchema, { PROJECTION_NAME: 'rebuild-7', DB_SCHEMA: 'shadow_7' });
    expect(config).toMatchObject({ DB_SCHEMA: 'shadow_7', PROJECTOR_GROUP_ID: 'rivulet.projector.rebuild-7' });
  });

  it('given a schema name that is not a plain identifier, when parsing, then the variable is named', () => {
    expect(() => parseConfig(projectorConfigSchema, { DB_SCHEMA: 'public; drop table x' })).toThrow(ConfigError);
    expect(() => parseConfig(projectorConfigSchema, { DB_SCHEMA: 'Shadow' })).toThrow(/DB_SCHEMA/);
  });

  it('given no retention interval, when parsing, then retention does not run in the projector; given one, then with the policy parsed', () => {
    expect(parseConfig(projectorConfigSchema, {}).RETENTION_INTERVAL_MINUTES).toBeUndefined();
    const config = parseConfig(projectorConfigSchema, { RETENTION_INTERVAL_MINUTES: '60', RETENTION_POLICY: 'alerts=180d' });
    expect(config.RETENTION_INTERVAL_MINUTES).toBe(60);
    expect(config.RETENTION_POLICY).toEqual([{ table: 'alerts', timeColumn: 'created_at', mode: 'delete', maxAgeMs: 180 * 86_400_000 }]);
    expect(parseConfig(projectorConfigSchema, {}).RETENTION_POLICY.map((p) => p.table)).toEqual(['quality_issues', 'quality_issue_summarised']);
  });

  it('given a bad retention interval or policy, when parsing, then the variable is named', () => {
    expect(() => parseConfig(projectorConfigSchema, { RETENTION_INTERVAL_MINUTES: '0' })).toThrow(/RETENTION_INTERVAL_MINUTES/);
    expect(() => parseConfig(projectorConfigSchema, { RETENTION_INTERVAL_MINUTES: 'hourly' })).toThrow(/RETENTION_INTERVAL_MINUTES/);
    expect(() => parseConfig(projectorConfigSchema, { RETENTION_POLICY: 'entities=30d' })).toThrow(/RETENTION_POLICY/);
  });
});
