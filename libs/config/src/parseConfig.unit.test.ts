import { describe, expect, it } from 'vitest';
import { baseConfigSchema, ConfigError, parseConfig, saslOptions } from './parseConfig.js';

describe('parseConfig', () => {
  it('gives the local stack defaults for an empty environment', () => {
    const config = parseConfig(baseConfigSchema, {});
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:19092']);
    expect(config.SCHEMA_REGISTRY_URL).toBe('http://127.0.0.1:18081/apis/ccompat/v7');
    expect(config.KAFKA_SSL).toBe(false);
  });

  it('splits a broker list and coerces ports and booleans', () => {
    const config = parseConfig(baseConfigSchema, { KAFKA_BROKERS: 'a:9092, b:9092', OPS_PORT: '9464', KAFKA_SSL: 'true' });
    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(config.OPS_PORT).toBe(9464);
    expect(config.KAFKA_SSL).toBe(true);
  });

  it('names every bad variable at once', () => {
    try {
      parseConfig(baseConfigSchema, { SCHEMA_REGISTRY_URL: 'not a url', OPS_PORT: '70000' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('SCHEMA_REGISTRY_URL');
      expect(message).toContain('OPS_PORT');
    }
  });

  it('requires credentials with a SASL mechanism', () => {
    const config = parseConfig(baseConfigSchema, { KAFKA_SASL_MECHANISM: 'plain' });
    expect(() => saslOptions(config)).toThrow(/KAFKA_SASL_USERNAME/);
  });
});
