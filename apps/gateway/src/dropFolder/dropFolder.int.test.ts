import { mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestStream, PublishError, type IngestDeps } from '@rivulet/ingest';
import { createLogger } from '@rivulet/runtime';
import { describe, expect, it } from 'vitest';
import { createDropFolder } from './dropFolder.js';

const header = 'order_id,account_id,order_date,status,total_amount,currency,item_count,channel,region';
const row = (id: string, status = 'PLACED') => `${id},ACC-1,2024-03-01T10:00:00Z,${status},12.50,GBP,2,,NORTH`;

async function setup(options: { failPublish?: boolean } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'drop-'));
  const published: string[] = [];
  const deps: IngestDeps = {
    now: () => 0,
    serde: { encode: async () => Buffer.from('x') },
    publisher: {
      publish: async (_t, messages) => {
        if (options.failPublish) throw new PublishError('broker down');
        published.push(...messages.map((m) => m.key));
      },
    },
    protect: async (_t, v) => v,
  };
  const folder = createDropFolder({
    root, tenantId: 'acme', logger: createLogger('drop-test', 'silent'), settleMs: 0, staleMs: 60_000,
    ingest: (topic, tenant, rows, opts) => ingestStream(deps, topic, tenant, rows, opts),
  });
  await folder.ensureLayout();
  const dir = (stage: string) => join(root, 'erp.order', stage);
  return { folder, published, dir };
}

describe('drop folder', () => {
  it('given valid, partial and invalid files, when scanned, then they go to done/ (with a report) or failed/ (with the reason)', async () => {
    const { folder, published, dir } = await setup();
    await writeFile(join(dir('incoming'), 'a.csv'), [header, row('ORD-1')].join('\n'));
    await writeFile(join(dir('incoming'), 'b.ndjson'), '{"order_id":"ORD-2"}\n');
    await writeFile(join(dir('incoming'), 'c.csv'), [header, row('ORD-3'), row('ORD-4', 'LOST')].join('\n'));
    await writeFile(join(dir('incoming'), '.d.csv'), 'being written');
    await folder.scanOnce();
    expect(published).toEqual(['acme/ORD-1', 'acme/ORD-3']);
    expect((await readdir(dir('done'))).sort()).toEqual(['a.csv', 'c.csv', 'c.csv.report.json']);
    expect((await readdir(dir('failed'))).sort()).toEqual(['b.ndjson', 'b.ndjson.reason.json']);
    expect(JSON.parse(await readFile(join(dir('failed'), 'b.ndjson.reason.json'), 'utf8'))).toMatchObject({ error: 'none of the 1 records is valid', accepted: 0, rejected: 1 });
    expect(await readdir(dir('incoming'))).toEqual(['.d.csv']);
    await folder.scanOnce();
    expect(published).toHaveLength(2);
  });

  it('given Kafka is down, when scanned, then the file stays in processing/ and a stale one is retried later', async () => {
    const down = await setup({ failPublish: true });
    await writeFile(join(down.dir('incoming'), 'a.csv'), [header, row('ORD-1')].join('\n'));
    await down.folder.scanOnce();
    expect(await readdir(down.dir('processing'))).toEqual(['a.csv']);
    expect(await readdir(down.dir('failed'))).toEqual([]);

    // A restarted instance sees the abandoned file once its heartbeat is old.
    const { folder, published, dir } = await setup();
    await writeFile(join(dir('processing'), 'left.csv'), [header, row('ORD-7')].join('\n'));
    await folder.scanOnce();
    expect(published).toEqual([]);
    await utimes(join(dir('processing'), 'left.csv'), new Date(0), new Date(0));
    await folder.scanOnce();
    expect(published).toEqual(['acme/ORD-7']);
    expect(await readdir(dir('done'))).toEqual(['left.csv']);
  });
});
