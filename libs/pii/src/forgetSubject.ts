import type { Knex } from 'knex';
import { PiiError } from './errors.js';
import { createPgKeyStore } from './pgKeyStore.js';

export interface ForgetRequest {
  tenantId: string;
  /** `<source>.<entity>:<record id>` (envelope.pii_subject_id), e.g. `crm.customer:C-17`. */
  subjectId: string;
  /** Who asked (`cli:<os user>`, `key:<id>`): written to the audit log. */
  actor: string;
  /** Extra audit detail (how it was asked: cli, api, role); never personal values. */
  detail?: Record<string, unknown>;
  /** Schema of pii_subject_keys when not on the search_path's first place (see createPgKeyStore). */
  keysSchema?: string;
}

export interface ForgetResult {
  tenantId: string;
  subjectId: string;
  /** True if a live key was destroyed; false if the subject had none (never seen, or already forgotten). */
  destroyed: boolean;
  /** When the key was destroyed (the first time, for a subject forgotten twice). */
  destroyedAt: string;
}

/** `<source>.<entity>:<record id>`: what `buildEnvelope` writes as `pii_subject_id`. */
const SUBJECT_ID = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*:.+$/;

export function assertSubjectId(subjectId: string): void {
  if (!SUBJECT_ID.test(subjectId) || subjectId.length > 300) {
    throw new PiiError(`subject id must look like <source>.<entity>:<record id> (e.g. crm.customer:C-17), got ${JSON.stringify(subjectId.slice(0, 80))}`);
  }
}

/**
 * Erasure by crypto-shredding: destroys the subject's data key and writes the `pii.forget` audit row in ONE
 * PostgreSQL transaction, so there is never an erasure without its record (or a record without an erasure).
 * Irreversible. Every copy of the subject's personal fields (raw, canonical and derived topics, read models,
 * replays) stays ciphertext that nothing can decrypt any more; processors and the API show it as erased.
 *
 * `db` must reach `pii_subject_keys` and `audit_log` (a table owner, or the API role inside a transaction
 * scoped to `tenantId`: row-level security then keeps the erasure inside the caller's tenant).
 * Running processes that cached the key forget it within their cache TTL (`createPiiCipher`'s `cacheTtlMs`).
 */
export async function forgetSubject(db: Knex | Knex.Transaction, request: ForgetRequest): Promise<ForgetResult> {
  assertSubjectId(request.subjectId);
  const run = async (tx: Knex.Transaction): Promise<ForgetResult> => {
    const destroyed = await createPgKeyStore(tx, request.keysSchema ? { schema: request.keysSchema } : {}).destroy(request.tenantId, request.subjectId);
    const keys = request.keysSchema ? tx('pii_subject_keys').withSchema(request.keysSchema) : tx('pii_subject_keys');
    const row = await keys.where({ tenant_id: request.tenantId, subject_id: request.subjectId }).first('destroyed_at');
    if (!row?.destroyed_at) throw new PiiError(`key of ${request.subjectId} was not destroyed (row not visible to this connection)`);
    await tx('audit_log').insert({
      tenant_id: request.tenantId,
      actor: request.actor,
      action: 'pii.forget',
      target: request.subjectId,
      detail: JSON.stringify({ ...request.detail, key_destroyed: destroyed }),
    });
    return { tenantId: request.tenantId, subjectId: request.subjectId, destroyed, destroyedAt: new Date(row.destroyed_at as string | Date).toISOString() };
  };
  return db.isTransaction ? run(db as Knex.Transaction) : db.transaction(run);
}
