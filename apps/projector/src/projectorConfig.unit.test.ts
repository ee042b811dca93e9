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
});
