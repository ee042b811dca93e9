import { describe, expect, it } from 'vitest';
import { ndjsonLine } from './ndjsonLine.js';
import { collect } from './testSupport.js';
import { TOPIC_FIELDS } from './topics.js';

describe('ndjsonLine', () => {
  it('equals JSON.stringify for every generated record', () => {
    for (const { topic, record } of collect({ records: 2_000, seed: 'json' })) {
      expect(ndjsonLine(record, TOPIC_FIELDS[topic])).toBe(`${JSON.stringify(record)}\n`);
    }
  });

  it('escapes quotes, backslashes, control characters and lone surrogates like JSON.stringify', () => {
    const record = { a: 'say "hi"\\ \n\t\u0001', b: 'caf\u00e9 \ud83d\ude00', c: '\ud800', d: -1.5, e: null };
    expect(ndjsonLine(record, ['a', 'b', 'c', 'd', 'e'])).toBe(`${JSON.stringify(record)}\n`);
  });
});
