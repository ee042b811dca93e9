import type { PiiCipher } from './piiCipher.js';

interface Enveloped {
  envelope?: { tenant_id?: unknown; pii_subject_id?: unknown } | null;
}

/**
 * Loads, in one key-store query per tenant, the keys of the subjects named in the envelopes of `values`
 * (events with `envelope.tenant_id` and `envelope.pii_subject_id`): a processor's chunk whose records are
 * then decrypted one by one from the cache. Values without a subject are passed over.
 */
export async function warmSubjects(cipher: PiiCipher, values: readonly unknown[]): Promise<void> {
  const byTenant = new Map<string, Set<string>>();
  for (const value of values) {
    const envelope = (value as Enveloped | null)?.envelope;
    const tenant = envelope?.tenant_id;
    const subject = envelope?.pii_subject_id;
    if (typeof tenant !== 'string' || typeof subject !== 'string' || subject === '') continue;
    let subjects = byTenant.get(tenant);
    if (!subjects) byTenant.set(tenant, (subjects = new Set()));
    subjects.add(subject);
  }
  await Promise.all([...byTenant].map(([tenant, subjects]) => cipher.warm(tenant, [...subjects])));
}
