import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, migrateLatest } from '@rivulet/db';
import { createPgPiiCipher, isEncrypted } from '@rivulet/pii';
import { createAvroSerde } from '@rivulet/registry';
import { createLogger } from '@rivulet/runtime';
import { collectTopic, stackEnv, testKafka, TEST_MASTER_KEY, uniqueName, waitFor, startGroupAtEnd } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonical, rawAccount, rawInvoice } from './canonicalRecords.fixture.js';
import { parseQualityConfig } from './qualityConfig.js';
import { startQuality, type RunningQuality } from './startQuality.js';

const env = stackEnv(process.env);
const kafka = testKafka(env.kafkaBrokers);
const serde = createAvroSerde({ url: env.schemaRegistryUrl });
const db = createDb({ url: env.databaseUrl });
const pii = createPgPiiCipher({ masterKeyBase64: TEST_MASTER_KEY, db });
const tenant = uniqueName('tenant');
// A second tenant whose thresholds make an unknown account a failure and an overpayment only a warning.
const strictTenant = uniqueName('strict');
const thresholdsDir = mkdtempSync(join(tmpdir(), 'rivulet-thresholds-'));
writeFileSync(join(thresholdsDir, `${strictTenant}.yaml`), `tenant: ${strictTenant}\nentities:\n  invoice:\n    reference.account_id: { severity: fail }\n    consistency.not_overpaid: { severity: warn }\n`);
const config = parseQualityConfig({
  QUALITY_TENANT_THRESHOLDS_DIR: thresholdsDir,
  KAFKA_BROKERS: env.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: env.schemaRegistryUrl, DATABASE_URL: env.databaseUrl,
  RIVULET_MASTER_KEY: TEST_MASTER_KEY, QUALITY_GROUP_ID: uniqueName('quality'), QUALITY_MIN_TRAIN_ROWS: '16', QUALITY_RETRAIN_EVERY: '16', QUALITY_ANOMALY_TREES: '20',
});
const logger = createLogger('quality-test', 'warn');
let app: RunningQuality | undefined;

beforeAll(async () => {
  await migrateLatest(db);
  const topics = ['canonical.account', 'canonical.invoice', 'canonical.party'];
  await startGroupAtEnd(kafka, config.QUALITY_GROUP_ID, topics);
  app = await startQuality(config, { logger, exitOnSignal: false, topics });
});
afterAll(async () => {
  await app?.stop();
  await db.destroy();
});

async function produce(records: { topic: string; key: string; value: unknown }[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (const r of records) await producer.send({ topic: r.topic, messages: [{ key: r.key, value: await serde.encode(`${r.topic}-value`, r.value) }] });
  await producer.disconnect();
}

describe('quality app on the real stack', () => {
  it('judges canonical events into results and issues, keeps personal values encrypted, and persists its anomaly model', async () => {
    const account = await canonical(pii, tenant, 'raw.erp.account', rawAccount('A-1'));
    const good = [];
    for (let i = 0; i < 20; i++) good.push(await canonical(pii, tenant, 'raw.billing.invoice', rawInvoice(`I-${i}`, { amount_due_minor: 1000 + i * 7 })));
    const unknownAccount = await canonical(pii, tenant, 'raw.billing.invoice', rawInvoice('I-bad', { account_id: 'A-404', amount_paid_minor: 9_999 }));
    const badEmail = await canonical(pii, tenant, 'raw.billing.invoice', rawInvoice('I-mail'), { role: 'billed_customer', patch: (p) => void (p.email = 'no-at-sign.example.com') });
    // The account first, on its own, so the invoices' reference lookups find it.
    await produce([account]);
    const results = await collectTopic(kafka, 'quality.results');
    const issues = await collectTopic(kafka, 'quality.issues');
    const mine = (c: typeof results) => c.messages.filter((m) => m.message.key?.toString().startsWith(`${tenant}/`));
    await waitFor(() => mine(results).length >= 1, { timeoutMs: 90_000, description: 'the account judged' });
    // The good invoices first: they train the invoice model (16 rows) before the odd ones are scored.
    await produce(good);
    await waitFor(() => mine(results).length >= 21, { timeoutMs: 90_000, description: 'the good invoices judged' });
    // Trained and saved before the odd ones arrive: a processor that restarts (a rebalance under load) reloads
    // the saved model, so what is asserted below does not depend on the instance staying up.
    await waitFor(async () => (await db('anomaly_models').where({ tenant_id: tenant, source_system: 'billing', entity: 'invoice' })).length > 0, { timeoutMs: 60_000, description: 'the invoice model saved' });
    await produce([unknownAccount, badEmail]);
    await waitFor(() => mine(results).length >= 23, { timeoutMs: 90_000, description: 'every record judged' });
    await waitFor(() => mine(issues).some((m) => m.message.key?.toString() === badEmail.key), { timeoutMs: 30_000, description: 'issues' });
    await results.stop();
    await issues.stop();

    const decoded = async (c: typeof results) => Promise.all(mine(c).map(async (m) => ({ key: m.message.key!.toString(), value: (await serde.decode(m.message.value!)).value as Record<string, any> })));
    const resultValues = await decoded(results);
    const issueValues = await decoded(issues);
    const bad = resultValues.find((r) => r.key === `${tenant}/I-bad`)!.value;
    expect(bad.failed_checks).toEqual(['reference.account_id', 'consistency.not_overpaid']);
    expect(bad.envelope.lineage.origin_topic).toBe('canonical.invoice');
    expect(issueValues.filter((i) => i.key === `${tenant}/I-bad`).map((i) => i.value.check).sort()).toEqual(['consistency.not_overpaid', 'reference.account_id']);
    expect(resultValues.filter((r) => /\/I-\d+$/.test(r.key)).every((r) => r.value.passed && r.value.failed_checks.length === 0)).toBe(true);
    const mail = issueValues.find((i) => i.key === badEmail.key && i.value.check === 'validity.email')!.value;
    expect(isEncrypted(mail.observed_value)).toBe(true);
    expect(JSON.stringify(issueValues)).not.toContain('no-at-sign');
    // Good invoices trained a model (>= 16 rows); later records carry an anomaly score.
    const rows = await db('anomaly_models').where({ tenant_id: tenant, source_system: 'billing', entity: 'invoice' });
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(resultValues.find((r) => r.key === `${tenant}/I-bad`)!.value.anomaly_score).toBeTypeOf('number');

    // The same invoice for a tenant with its own thresholds: other severities, hence another verdict.
    const strictBad = await canonical(pii, strictTenant, 'raw.billing.invoice', rawInvoice('I-bad', { account_id: 'A-404', amount_paid_minor: 9_999 }));
    const strictResults = await collectTopic(kafka, 'quality.results');
    const strictIssues = await collectTopic(kafka, 'quality.issues');
    await produce([strictBad]);
    const ofStrict = (c: typeof results) => c.messages.filter((m) => m.message.key?.toString() === strictBad.key);
    await waitFor(() => ofStrict(strictResults).length >= 1 && ofStrict(strictIssues).length >= 2, { timeoutMs: 90_000, description: 'the strict tenant\'s invoice judged' });
    await strictResults.stop();
    await strictIssues.stop();
    const strictIssueValues = await Promise.all(ofStrict(strictIssues).map(async (m) => (await serde.decode(m.message.value!)).value as Record<string, any>));
    const severities = (list: Record<string, any>[]) => Object.fromEntries(list.map((i) => [i.check, i.severity]));
    expect(severities(strictIssueValues)).toEqual({ 'reference.account_id': 'FAIL', 'consistency.not_overpaid': 'WARN' });
    expect(severities(issueValues.filter((i) => i.key === `${tenant}/I-bad`).map((i) => i.value))).toEqual({ 'reference.account_id': 'WARN', 'consistency.not_overpaid': 'FAIL' });
    const strictVerdict = (await serde.decode(ofStrict(strictResults)[0]!.message.value!)).value as Record<string, any>;
    expect(strictVerdict.envelope.lineage.mapping_version).toMatch(new RegExp(`\\+tenant/${strictTenant}@[0-9a-f]{12}$`));

    const metrics = await (await fetch(`http://127.0.0.1:${app!.port}/metrics`)).text();
    expect(metrics).toMatch(/rivulet_quality_score_count\{[^}]*source="billing",entity="invoice"[^}]*\} \d+/);
    expect((await fetch(`http://127.0.0.1:${app!.port}/health`)).status).toBe(200);
  });
});
