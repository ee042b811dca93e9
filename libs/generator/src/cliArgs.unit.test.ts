import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from './cliArgs.js';

describe('parseCliArgs', () => {
  it('maps flags to generator options', () => {
    const { options, outDir } = parseCliArgs([
      '--records', '1000', '--seed', 's1', '--out', '/tmp/x', '--tenant', 't1', '--start', '2024-05-01T00:00:00Z', '--days', '7',
      '--incident', 'kind=defect_burst,source=crm.customer,region=south,defects=missing:email+invalid_phone:phone,rate=0.5',
      '--defects', 'missing=0.1,outlier=0', '--duplicates', '0.2',
    ]);
    expect(outDir).toBe('/tmp/x');
    expect(options).toEqual({
      records: 1000,
      seed: 's1',
      tenant: 't1',
      start: '2024-05-01T00:00:00Z',
      days: 7,
      incident: { kind: 'defect_burst', source: 'crm.customer', region: 'SOUTH', defects: ['missing:email', 'invalid_phone:phone'], rate: 0.5 },
      defects: { missing: 0.1, outlier: 0 },
      duplicates: 0.2,
    });
  });

  it('turns off the incident with "none" and rejects bad input with a usage error', () => {
    expect(parseCliArgs(['--records', '1', '--out', 'd', '--incident', 'none']).options.incident).toBeNull();
    expect(() => parseCliArgs(['--out', 'd'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--records', 'ten', '--out', 'd'])).toThrow(/expected a number/);
    expect(() => parseCliArgs(['--records', '1', '--out', 'd', '--incident', 'colour=red'])).toThrow(/unknown key/);
    expect(() => parseCliArgs(['--records', '1', '--out', 'd', '--formats', 'xml'])).toThrow(/--formats/);
  });

  it('writes both formats unless told otherwise', () => {
    expect(parseCliArgs(['--records', '1', '--out', 'd']).write.formats).toEqual(['ndjson', 'csv']);
    expect(parseCliArgs(['--records', '1', '--out', 'd', '--formats', 'ndjson']).write.formats).toEqual(['ndjson']);
  });
});
