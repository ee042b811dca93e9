import { describe, expect, it } from 'vitest';
import { csvRow, parseCsv } from './csv.js';
import { collect } from './testSupport.js';
import { TOPIC_FIELDS } from './topics.js';

describe('csv', () => {
  it('round-trips commas, quotes, line breaks, blanks, null versus empty, and numbers', () => {
    const tricky = ["O'Brien, Siobhan", 'say "hi"', 'line one\nline two', 'crlf\r\nend', '  padded ', '', null, 42, -1.5, '"', ',', 'plain'];
    const text = csvRow(tricky) + csvRow(['a', null, '']);
    expect(parseCsv(text)).toEqual([tricky.map((v) => (typeof v === 'number' ? String(v) : v)), ['a', null, '']]);
  });

  it('quotes only when needed', () => {
    expect(csvRow(['a', 'b c', 'd,e', null, ''])).toBe('a,b c,"d,e",,""\n');
  });

  it('round-trips generated records of every topic', () => {
    for (const { topic, record } of collect({ records: 1_500, seed: 'csv' })) {
      const fields = TOPIC_FIELDS[topic];
      const values = fields.map((f) => record[f] ?? null);
      const [row] = parseCsv(csvRow(values));
      expect(row).toEqual(values.map((v) => (typeof v === 'number' ? String(v) : v)));
    }
  });
});
