import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvRecordRow, csvRow } from './csv.js';
import { generateRecords } from './generateRecords.js';
import type { RecordTruth } from './generationContext.js';
import { LineSink } from './lineSink.js';
import { ndjsonLine } from './ndjsonLine.js';
import { resolveOptions, type GeneratorOptions } from './options.js';
import { TruthLedger } from './truthLedger.js';
import { TOPIC_FIELDS, TOPICS, type Topic } from './topics.js';

export type DatasetSummary = ReturnType<TruthLedger['summary']>;

export interface WriteOptions {
  /** Data file formats to write (truth is always written); default both (NDJSON alone saves ~10% CPU). */
  formats?: ReadonlyArray<'ndjson' | 'csv'>;
}

/**
 * Truth lines, hand-serialised: every value is a generated identifier or code (ASCII, no quotes), and
 * JSON.stringify of these small objects was the largest cost of the write loop. Same text as JSON.stringify.
 */
const codes = (list: readonly string[]): string => (list.length === 0 ? '[]' : `["${list.join('","')}"]`);

function entityLine(topic: Topic, key: string, t: RecordTruth): string {
  const contact = t.contactEntityId === undefined ? '' : `,"contactEntityId":"${t.contactEntityId}"`;
  return `{"topic":"${topic}","key":"${key}","entityId":"${t.entityId}","entityKind":"${t.entityKind}"${contact},"variations":${codes(t.variations)}}\n`;
}

function defectLine(topic: Topic, key: string, t: RecordTruth): string {
  return `{"topic":"${topic}","key":"${key}","defects":${codes(t.defects)},"incident":${t.incident}}\n`;
}

/**
 * Writes the dataset and its truth to `outDir`:
 *   raw.<source>.<entity>.ndjson / .csv   one per topic (CSV has a header row in contract order)
 *   truth/entities.ndjson                 party record → true entity id (+ variations applied)
 *   truth/defects.ndjson                  defective record → defect codes (+ whether the incident planted them)
 *   truth/incident.json, truth/summary.json
 * Streams everything with backpressure; nothing grows with the record count except the files.
 */
export async function writeDataset(options: GeneratorOptions, outDir: string, { formats = ['ndjson', 'csv'] }: WriteOptions = {}): Promise<DatasetSummary> {
  const resolved = resolveOptions(options);
  await mkdir(join(outDir, 'truth'), { recursive: true });
  const ndjson: Partial<Record<Topic, LineSink>> = {};
  const csv: Partial<Record<Topic, LineSink>> = {};
  for (const topic of TOPICS) {
    if (formats.includes('ndjson')) ndjson[topic] = new LineSink(join(outDir, `${topic}.ndjson`));
    if (formats.includes('csv')) (csv[topic] = new LineSink(join(outDir, `${topic}.csv`))).write(csvRow(TOPIC_FIELDS[topic]));
  }
  const entities = new LineSink(join(outDir, 'truth', 'entities.ndjson'));
  const defects = new LineSink(join(outDir, 'truth', 'defects.ndjson'));
  const sinks: LineSink[] = [...Object.values(ndjson), ...Object.values(csv), entities, defects];
  const ledger = new TruthLedger();

  const generator = generateRecords(resolved);
  let step = generator.next();
  while (!step.done) {
    const item = step.value;
    const { topic, key, record, truth } = item;
    const fields = TOPIC_FIELDS[topic];
    let ok = ndjson[topic]?.write(ndjsonLine(record, fields)) ?? true;
    ok = (csv[topic]?.write(csvRecordRow(record, fields)) ?? true) && ok;
    if (truth.entityId !== undefined) ok = entities.write(entityLine(topic, key, truth)) && ok;
    if (truth.defects.length > 0) ok = defects.write(defectLine(topic, key, truth)) && ok;
    ledger.add(item);
    if (!ok) await Promise.all(sinks.map((s) => s.drain()));
    step = generator.next();
  }
  await Promise.all(sinks.map((s) => s.close()));

  const summary = ledger.summary(resolved, step.value);
  await writeFile(join(outDir, 'truth', 'incident.json'), `${JSON.stringify(ledger.incident(resolved), null, 2)}\n`);
  await writeFile(join(outDir, 'truth', 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
