import { describe, expect, it } from 'vitest';
import { PublishError } from '../errors.js';
import { parseCsv } from '../parse/parsePayload.js';
import { resolveRawTopic } from '../record/rawTopic.js';
import { ingestBatch, type IngestDeps } from './ingestBatch.js';
import type { OutgoingMessage } from './publisher.js';

const customers = resolveRawTopic('crm', 'customer');
const csv = [
  'customer_id,first_name,last_name,email,status,created_at,updated_at',
  'CUS-1,Ann,Lee,ann@example.com,ACTIVE,2020-01-01T00:00:00Z,2024-01-01T00:00:00Z',
  'CUS-2,Bob,Ray,,nope,2020-01-01T00:00:00Z,2024-01-01T00:00:00Z',
  'CUS-3,Cy,Day,,churned,2020-01-01T00:00:00Z,2024-01-02T00:00:00Z',
].join('\n');

function fakes(options: { failPublish?: boolean; eraseSubject?: string } = {}) {
  const published: Array<{ topic: string; messages: readonly OutgoingMessage[] }> = [];
  const encoded: unknown[] = [];
  const deps: IngestDeps = {
    now: () => 1_700_000_000_000,
    serde: { encode: async (_subject, value) => { encoded.push(value); return Buffer.from(JSON.stringify(value)); } },
    publisher: {
      publish: async (topic, messages) => {
        if (options.failPublish) throw new PublishError('broker down');
        published.push({ topic, messages });
      },
    },
    protect: async (_topic, value, ctx) => {
      if (ctx.subjectId === options.eraseSubject) throw Object.assign(new Error('subject was erased'), { retriable: false });
      return { ...value, first_name: `pii:v1:${ctx.subjectId}`, last_name: `pii:v1:${ctx.subjectId}` };
    },
  };
  return { deps, published, encoded };
}

describe('ingestBatch', () => {
  it('given a partial batch, when ingested, then publishes the valid records once, encrypted, keyed by tenant and id', async () => {
    const { deps, published, encoded } = fakes();
    const result = await ingestBatch(deps, customers, 'acme', parseCsv(csv));
    expect(result.accepted.map((a) => a.recordId)).toEqual(['CUS-1', 'CUS-3']);
    expect(result.rejected).toEqual([{ index: 1, line: 3, recordId: 'CUS-2', reasons: [expect.stringMatching(/^status: expected one of/)] }]);
    expect(published).toHaveLength(1);
    expect(published[0]?.messages.map((m) => m.key)).toEqual(['acme/CUS-1', 'acme/CUS-3']);
    expect(encoded[0]).toMatchObject({
      first_name: 'pii:v1:crm.customer:CUS-1', email: 'ann@example.com',
      envelope: { tenant_id: 'acme', ingest_time: 1_700_000_000_000, pii_subject_id: 'crm.customer:CUS-1', event_id: result.accepted[0]?.eventId },
    });
  });

  it('given the same rows again, when ingested, then the event ids repeat', async () => {
    const first = await ingestBatch(fakes().deps, customers, 'acme', parseCsv(csv));
    const again = await ingestBatch({ ...fakes().deps, now: () => 5 }, customers, 'acme', parseCsv(csv));
    expect(again.accepted.map((a) => a.eventId)).toEqual(first.accepted.map((a) => a.eventId));
  });

  it('given Kafka fails, when ingested, then throws and reports nothing accepted', async () => {
    await expect(ingestBatch(fakes({ failPublish: true }).deps, customers, 'acme', parseCsv(csv))).rejects.toBeInstanceOf(PublishError);
  });

  it('given an erased subject, when ingested, then only that record is rejected', async () => {
    const result = await ingestBatch(fakes({ eraseSubject: 'crm.customer:CUS-3' }).deps, customers, 'acme', parseCsv(csv));
    expect(result.accepted.map((a) => a.recordId)).toEqual(['CUS-1']);
    expect(result.rejected.map((r) => r.recordId)).toEqual(['CUS-2', 'CUS-3']);
  });

  it('given a key preparer, when ingested, then the valid records\' subjects are prepared in one call before any is protected', async () => {
    const { deps } = fakes();
    const log: string[] = [];
    const protect = deps.protect!;
    await ingestBatch({
      ...deps,
      prepareKeys: async (tenantId, subjectIds) => void log.push(`prepare ${tenantId} ${subjectIds.join(',')}`),
      protect: async (topic, value, ctx) => (log.push(`protect ${ctx.subjectId}`), protect(topic, value, ctx)),
    }, customers, 'acme', parseCsv(csv));
    expect(log).toEqual(['prepare acme crm.customer:CUS-1,crm.customer:CUS-3', 'protect crm.customer:CUS-1', 'protect crm.customer:CUS-3']);
  });

  it('given the key store is down while preparing, when ingested, then throws (retry later) and publishes nothing', async () => {
    const { deps, published } = fakes();
    const down = Object.assign(new Error('key store unavailable'), { retriable: true });
    await expect(ingestBatch({ ...deps, prepareKeys: async () => { throw down; } }, customers, 'acme', parseCsv(csv))).rejects.toBe(down);
    expect(published).toEqual([]);
  });

  it('given personal fields and no cipher, when ingested, then refuses before publishing anything', async () => {
    const { deps, published } = fakes();
    await expect(ingestBatch({ ...deps, protect: undefined }, customers, 'acme', parseCsv(csv))).rejects.toThrow(/no cipher/);
    expect(published).toEqual([]);
  });
});
