import { InvalidGeneratorOptionsError } from './generatorError.js';
import { parseArgs } from 'node:util';
import type { IncidentKind, IncidentOptions } from './incident.js';
import type { GeneratorOptions } from './options.js';
import type { WriteOptions } from './writeDataset.js';
import type { Region } from './topics.js';

export const USAGE = `Usage: generate --records N --out DIR [--seed S] [--tenant T] [--start ISO] [--days D]
                [--incident none | kind=defect_burst|kpi_shift,source=billing.invoice,region=NORTH,
                                   start=ISO,end=ISO,rate=0.8,entity=ID,defects=missing:customer_email+invalid_phone:billing_phone]
                [--defects missing=0.03,invalidFormat=0.02,outOfRange=0.01,outlier=0.01,inconsistency=0.01]
                [--variations typo=0.05,nickname=0.1,...] [--cross-source 0.6] [--duplicates 0.05]
                [--pool-size 2000] [--formats ndjson,csv]`;

/** Bad command line (missing flag, unparsable value). */
export class CliUsageError extends InvalidGeneratorOptionsError {}

/** "a=1,b=x" → { a: '1', b: 'x' } */
function pairs(text: string, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 1) throw new CliUsageError(`${flag}: expected key=value, got "${part}"`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

function numbers(text: string, flag: string): Record<string, number> {
  return Object.fromEntries(Object.entries(pairs(text, flag)).map(([k, v]) => [k, number(v, `${flag} ${k}`)]));
}

function number(text: string, what: string): number {
  const n = Number(text);
  if (text.trim() === '' || Number.isNaN(n)) throw new CliUsageError(`${what}: expected a number, got "${text}"`);
  return n;
}

export function parseIncident(text: string): IncidentOptions | null {
  if (text === 'none') return null;
  const p = pairs(text, '--incident');
  const known = new Set(['kind', 'source', 'region', 'entity', 'start', 'end', 'rate', 'defects']);
  for (const k of Object.keys(p)) if (!known.has(k)) throw new CliUsageError(`--incident: unknown key "${k}"`);
  return {
    ...(p.kind ? { kind: p.kind as IncidentKind } : {}),
    ...(p.source ? { source: p.source } : {}),
    ...(p.region ? { region: p.region.toUpperCase() as Region } : {}),
    ...(p.entity ? { entity: p.entity } : {}),
    ...(p.start ? { start: p.start } : {}),
    ...(p.end ? { end: p.end } : {}),
    ...(p.rate ? { rate: number(p.rate, '--incident rate') } : {}),
    ...(p.defects ? { defects: p.defects.split('+') } : {}),
  };
}

/** Turns argv into generator options and the output directory; throws CliUsageError on bad input. */
export function parseCliArgs(argv: string[]): { options: GeneratorOptions; outDir: string; write: WriteOptions } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      records: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      tenant: { type: 'string' },
      start: { type: 'string' },
      days: { type: 'string' },
      incident: { type: 'string' },
      defects: { type: 'string' },
      variations: { type: 'string' },
      'cross-source': { type: 'string' },
      duplicates: { type: 'string' },
      'pool-size': { type: 'string' },
      formats: { type: 'string' },
    },
  });
  if (values.records === undefined || values.out === undefined) throw new CliUsageError('--records and --out are required');
  const options: GeneratorOptions = {
    records: number(values.records, '--records'),
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
    ...(values.tenant !== undefined ? { tenant: values.tenant } : {}),
    ...(values.start !== undefined ? { start: values.start } : {}),
    ...(values.days !== undefined ? { days: number(values.days, '--days') } : {}),
    ...(values.incident !== undefined ? { incident: parseIncident(values.incident) } : {}),
    ...(values.defects !== undefined ? { defects: numbers(values.defects, '--defects') } : {}),
    ...(values.variations !== undefined ? { variations: numbers(values.variations, '--variations') } : {}),
    ...(values['cross-source'] !== undefined ? { crossSource: number(values['cross-source'], '--cross-source') } : {}),
    ...(values.duplicates !== undefined ? { duplicates: number(values.duplicates, '--duplicates') } : {}),
    ...(values['pool-size'] !== undefined ? { poolSize: number(values['pool-size'], '--pool-size') } : {}),
  };
  const formats = (values.formats ?? 'ndjson,csv').split(',').map((f) => f.trim());
  for (const f of formats) if (f !== 'ndjson' && f !== 'csv') throw new CliUsageError(`--formats: expected ndjson and/or csv, got "${f}"`);
  return { options, outDir: values.out, write: { formats: formats as ('ndjson' | 'csv')[] } };
}
