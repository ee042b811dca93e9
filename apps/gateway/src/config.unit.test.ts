import { ConfigError } from '@rivulet/config';
import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from './config.js';

const base = { RIVULET_API_KEYS: 'key-aaaa-1:acme:operator,key-bbbb-2:globex:operator,key-cccc-3:acme:viewer', RIVULET_MASTER_KEY: 'x' };

describe('gateway configuration: quotas and metric tenants', () => {
  it('given nothing set, then 5000 records/s per tenant with a 10 s burst, no overrides, and the keys\' tenants named in metrics', () => {
    const config = parseGatewayConfig(base);
    expect(config.ingestQuota).toEqual({ defaultLimit: { recordsPerSecond: 5000, burst: 50_000 }, overrides: {} });
    expect(config.metricsTenants).toEqual(['acme', 'globex']);
  });

  it('given a default, a burst, overrides and named tenants, then they are parsed; 0 means unlimited', () => {
    const config = parseGatewayConfig({
      ...base, INGEST_QUOTA_RECORDS_PER_SECOND: '100', INGEST_QUOTA_BURST: '150', INGEST_QUOTA_OVERRIDES: 'acme=1000:2000,internal=0', METRICS_TENANTS: 'acme, big ,acme',
    });
    expect(config.ingestQuota).toEqual({
      defaultLimit: { recordsPerSecond: 100, burst: 150 },
      overrides: { acme: { recordsPerSecond: 1000, burst: 2000 }, internal: null },
    });
    expect(config.metricsTenants).toEqual(['acme', 'big']);
    expect(parseGatewayConfig({ ...base, INGEST_QUOTA_RECORDS_PER_SECOND: '0' }).ingestQuota.defaultLimit).toBeNull();
  });

  it('given a bad override or too many metric tenants, then the error names the variable', () => {
    expect(() => parseGatewayConfig({ ...base, INGEST_QUOTA_OVERRIDES: 'acme=fast' })).toThrow(/INGEST_QUOTA_OVERRIDES: entry 1/);
    const many = Array.from({ length: 51 }, (_, i) => `t${i}`).join(',');
    expect(() => parseGatewayConfig({ ...base, METRICS_TENANTS: many })).toThrow(ConfigError);
    expect(() => parseGatewayConfig({ ...base, METRICS_TENANTS: many })).toThrow(/METRICS_TENANTS: at most 50 tenants/);
    expect(() => parseGatewayConfig({ ...base, INGEST_QUOTA_RECORDS_PER_SECOND: '-1' })).toThrow(/INGEST_QUOTA_RECORDS_PER_SECOND/);
  });
});
