import { TOPIC_DEFINITIONS } from '@rivulet/contracts';
import { loadChecksDir } from '@rivulet/quality';
import { loadMappings } from '@rivulet/transform';
import { describe, expect, it } from 'vitest';
import { canonicalEntitiesOf, checkReferences } from './checkReferences.js';
import { DEFAULT_CHECKS_DIR } from './rcaConfig.js';

describe('checkReferences', () => {
  const canonical = canonicalEntitiesOf(loadMappings());

  it('given the shipped mappings, then a lookup namespace resolves to the canonical entity its records reach', () => {
    expect(canonical.get('customer')).toEqual(['party']);
    expect(canonical.get('account')).toEqual(['account']);
    expect(canonical.get('invoice')).toEqual(['invoice']);
  });

  it('given the shipped checks files, then every reference check is listed with the canonical entity it looks up', async () => {
    const refs = checkReferences(await loadChecksDir(DEFAULT_CHECKS_DIR), canonical);
    expect(refs).toContainEqual({ entity: 'invoice', check: 'reference.account_id', referencedEntity: 'account' });
    expect(refs).toContainEqual({ entity: 'order', check: 'reference.account_id', referencedEntity: 'account' });
    expect(refs).toContainEqual({ entity: 'payment', check: 'reference.invoice_id', referencedEntity: 'invoice' });
    // usage's subscriber_id is looked up in the CRM customer namespace, whose records are canonical parties.
    expect(refs).toContainEqual({ entity: 'usage', check: 'reference.subscriber_id', referencedEntity: 'party' });
    expect(refs.every((r) => r.check.startsWith('reference.'))).toBe(true);
  });

  it('given any shipped reference check, then the topic it looks up is a canonical topic (no edge leads nowhere)', async () => {
    const topics = new Set(TOPIC_DEFINITIONS.map((d) => d.name));
    const refs = checkReferences(await loadChecksDir(DEFAULT_CHECKS_DIR), canonical);
    expect(refs.length).toBeGreaterThanOrEqual(4);
    for (const r of refs) expect(topics, `${r.check} of ${r.entity}`).toContain(`canonical.${r.referencedEntity}`);
  });

  it('given a namespace no mapping has and no canonical topic, then it adds no edge', async () => {
    const files = await loadChecksDir(DEFAULT_CHECKS_DIR);
    expect(checkReferences(files, new Map()).find((r) => r.check === 'reference.subscriber_id')).toBeUndefined();
  });
});
