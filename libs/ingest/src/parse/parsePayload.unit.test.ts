import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatFromContentType, formatFromFileName } from './formats.js';
import { parseCsv, parseJsonArray, parseNdjson } from './parsePayload.js';
import { streamRows } from './streamRows.js';

describe('parseCsv', () => {
  it('given RFC 4180 quoting, when parsed, then keeps commas, quotes and line breaks inside fields', () => {
    const rows = parseCsv('id,name,note\r\n1,"Lee, Ann","said ""hi""\nthen left"\n2,Bob,x\n');
    expect(rows).toEqual([
      { index: 0, line: 3, record: { id: '1', name: 'Lee, Ann', note: 'said "hi"\nthen left' } },
      { index: 1, line: 4, record: { id: '2', name: 'Bob', note: 'x' } },
    ]);
  });

  it('given an unquoted and a quoted empty field, when parsed, then they are null and the empty string', () => {
    expect(parseCsv('\uFEFFid,a,b\n1,,""\n')[0]?.record).toEqual({ id: '1', a: null, b: '' });
  });

  it('given a row with the wrong field count or blank lines, when parsed, then that row is an error and the rest go on', () => {
    const rows = parseCsv('id,a\n1,x\n\n2,x,extra\n3,y\n');
    expect(rows.map((r) => r.error ?? r.record?.id)).toEqual(['1', 'row has 3 fields, the header has 2', '3']);
    expect(rows[1]).toMatchObject({ index: 1, line: 4 });
  });

  it('given no header, a duplicate column or an unclosed quote, when parsed, then the payload is malformed', () => {
    expect(() => parseCsv('')).toThrow(/empty/);
    expect(() => parseCsv('id,id\n1,2\n')).toThrow(/column "id" twice/);
    expect(() => parseCsv('id,a\n1,"open\n')).toThrow(/CSV cannot be read/);
  });
});

describe('parseNdjson', () => {
  it('given blank lines and CRLF, when parsed, then skips them, counts records only and keeps line numbers', () => {
    const rows = parseNdjson('{"id":1}\r\n\n   \n{"id":2}\n[1]\n{oops\n');
    expect(rows.map((r) => [r.index, r.line, r.record?.id ?? r.error])).toEqual([
      [0, 1, 1], [1, 4, 2], [2, 5, 'expected a JSON object, got an array'], [3, 6, expect.stringMatching(/^not valid JSON/)],
    ]);
  });
});

describe('parseJsonArray', () => {
  it('given an array with a non-object, when parsed, then that element is an error row; one object is a batch of one', () => {
    expect(parseJsonArray('[{"a":1}, 2]').map((r) => r.error ?? r.record)).toEqual([{ a: 1 }, 'expected a JSON object, got number']);
    expect(parseJsonArray('{"a":1}')).toEqual([{ index: 0, record: { a: 1 } }]);
    expect(() => parseJsonArray('[{"a":')).toThrow(/not valid JSON/);
  });
});

describe('streamRows', () => {
  const collect = async (format: 'csv' | 'ndjson', chunks: string[]) => {
    const rows = [];
    for await (const row of streamRows(format, Readable.from(chunks))) rows.push(row);
    return rows;
  };

  it('given chunks split inside rows and quotes, when streamed, then gives the same rows as the in-memory parser', async () => {
    const csv = 'id,name\n1,"A, ""B"""\n2,\n';
    const chunked = await collect('csv', ['id,na', 'me\n1,"A, ""', 'B"""\n2', ',\n']);
    expect(chunked).toEqual(parseCsv(csv));
    const ndjson = '{"a":1}\n\n{"a":2}\n';
    expect(await collect('ndjson', ['{"a"', ':1}\n\n{"a":2', '}\n'])).toEqual(parseNdjson(ndjson));
  });

  it('given an unclosed quote, when streamed, then fails as malformed', async () => {
    await expect(collect('csv', ['id\n"never closed\n'])).rejects.toThrow(/CSV cannot be read/);
  });
});

describe('formats', () => {
  it('maps content types and extensions, refusing others', () => {
    expect(formatFromContentType('text/csv; charset=utf-8')).toBe('csv');
    expect(formatFromContentType('application/x-ndjson')).toBe('ndjson');
    expect(formatFromContentType('application/json')).toBe('json');
    expect(() => formatFromContentType('text/plain')).toThrow(/not supported/);
    expect(formatFromFileName('A.CSV')).toBe('csv');
    expect(formatFromFileName('x.jsonl')).toBe('ndjson');
    expect(() => formatFromFileName('x.xlsx')).toThrow(/extension/);
  });
});
