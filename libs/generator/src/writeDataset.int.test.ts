import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import { addToKpiTotals, emptyKpiTotals } from './kpiTotals.js';
import { TOPICS, type RawRecord } from './topics.js';
import { writeDataset } from './writeDataset.js';

// Filesystem only (no Kafka): writes small datasets into a temp directory.
const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-generator-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('writeDataset', () => {
  it('writes byte-identical files for the same seed', async () => {
    const [a, b] = [await freshDir(), await freshDir()];
    await writeDataset({ records: 3_000, seed: 9 }, a);
    await writeDataset({ records: 3_000, seed: 9 }, b);
    const files = (await readdir(a)).filter((f) => f.endsWith('.ndjson') || f.endsWith('.csv'));
    expect(files).toHaveLength(16);
    for (const file of [...files, 'truth/entities.ndjson', 'truth/defects.ndjson', 'truth/incident.json', 'truth/summary.json']) {
      expect((await readFile(join(a, file))).equals(await readFile(join(b, file))), file).toBe(true);
    }
  });

  it('writes truth that agrees with the data: counts, CSV rows, party entities, defects and KPI totals', async () => {
    const dir = await freshDir();
    const summary = await writeDataset({ records: 4_000, seed: 'truth' }, dir);
    const kpis = emptyKpiTotals();
    let partyRecords = 0;
    for (const topic of TOPICS) {
      const records = lines(await readFile(join(dir, `${topic}.ndjson`), 'utf8')).map((l) => JSON.parse(l) as RawRecord);
      const csvRows = parseCsv(await readFile(join(dir, `${topic}.csv`), 'utf8'));
      expect(records.length).toBe(summary.counts[topic]);
      expect(csvRows.length).toBe(records.length + 1);
      for (const record of records) addToKpiTotals(kpis, { topic, key: '', record, truth: { variations: [], defects: [], incident: false, inIncidentScope: false } });
      if (topic === 'raw.crm.customer' || topic === 'raw.erp.account' || topic === 'raw.billing.invoice') partyRecords += records.length;
    }
    expect(kpis).toEqual(summary.kpis);
    const entities = lines(await readFile(join(dir, 'truth/entities.ndjson'), 'utf8'));
    expect(entities.length).toBe(partyRecords);
    const defects = lines(await readFile(join(dir, 'truth/defects.ndjson'), 'utf8'));
    expect(defects.length).toBe(summary.defectiveRecords);
    const incident = JSON.parse(await readFile(join(dir, 'truth/incident.json'), 'utf8'));
    expect(incident.affectedRecords).toBe(defects.filter((l) => JSON.parse(l).incident).length);
    expect(summary.entities.personsBySourceCount[2]).toBeGreaterThan(0);
  });
});
