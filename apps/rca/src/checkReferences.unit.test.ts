import { loadChecksDir } from '@rivulet/quality';
import { describe, expect, it } from 'vitest';
import { checkReferences } from './checkReferences.js';
import { DEFAULT_CHECKS_DIR } from './rcaConfig.js';

describe('checkReferences', () => {
  it('given the shipped checks files, then every reference check is listed with the entity it looks up', async () => {
    const refs = checkReferences(await loadChecksDir(DEFAULT_CHECKS_DIR));
    expect(refs).toContainEqual({ entity: 'invoice', check: 'reference.account_id', referencedEntity: 'account' });
    expect(refs).toContainEqual({ entity: 'order', check: 'reference.account_id', referencedEntity: 'account' });
    expect(refs.every((r) => r.check.startsWith('reference.'))).toBe(true);
  });
});
