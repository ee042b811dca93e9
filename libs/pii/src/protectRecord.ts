import { piiFieldPaths, type EventSchema } from '@rivulet/contracts';
import { isEncrypted, type PiiCipher } from './piiCipher.js';

type Json = Record<string, unknown>;

const pathsCache = new WeakMap<EventSchema, string[][]>();
function paths(event: EventSchema): string[][] {
  let cached = pathsCache.get(event);
  if (!cached) pathsCache.set(event, (cached = piiFieldPaths(event).map((p) => p.split('.'))));
  return cached;
}

function parentOf(record: Json, path: string[]): Json | undefined {
  let node: unknown = record;
  for (const part of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Json)[part];
  }
  return node !== null && typeof node === 'object' ? (node as Json) : undefined;
}

/**
 * Returns a copy of `record` with every `"pii": true` field of its schema encrypted under the subject's key.
 * Already-encrypted values are kept (re-protecting is a no-op), nulls and empty strings stay as they are.
 */
export async function protectRecord(event: EventSchema, record: Json, ctx: { tenantId: string; subjectId: string }, cipher: PiiCipher): Promise<Json> {
  const copy = structuredClone(record);
  for (const path of paths(event)) {
    const parent = parentOf(copy, path);
    const field = path[path.length - 1]!;
    const value = parent?.[field];
    // An empty value holds nothing personal; leaving it clear also lets a forgotten subject's record be
    // reprocessed (a required field falls back to "") instead of failing on the destroyed key.
    if (parent && typeof value === 'string' && value.trim() !== '' && !isEncrypted(value)) parent[field] = await cipher.encrypt(ctx.tenantId, ctx.subjectId, value);
  }
  return copy;
}

/**
 * Returns a copy with personal fields in clear text, in memory only; fields of an erased subject become
 * null and are listed in `erased`, so callers can show "erased" rather than "missing".
 */
export async function revealRecord(event: EventSchema, record: Json, tenantId: string, cipher: PiiCipher): Promise<{ record: Json; erased: string[] }> {
  const copy = structuredClone(record);
  const erased: string[] = [];
  for (const path of paths(event)) {
    const parent = parentOf(copy, path);
    const field = path[path.length - 1]!;
    const value = parent?.[field];
    if (!parent || !isEncrypted(value)) continue;
    const revealed = await cipher.decrypt(tenantId, value);
    if ('erased' in revealed) {
      parent[field] = null;
      erased.push(path.join('.'));
    } else {
      parent[field] = revealed.value;
    }
  }
  return { record: copy, erased };
}

/**
 * Transformation history (`{field, before, after, rule}`) of an event: the before/after values of a field
 * the event's schema marks personal are encrypted like the field itself, so history never leaks what the
 * record protects.
 */
export async function protectHistory<T extends { field: string; before: string | null; after: string | null }>(
  event: EventSchema,
  history: readonly T[],
  ctx: { tenantId: string; subjectId: string },
  cipher: PiiCipher,
): Promise<T[]> {
  const personal = new Set(paths(event).map((p) => p.join('.')));
  const seal = async (value: string | null) =>
    value === null || isEncrypted(value) ? value : cipher.encrypt(ctx.tenantId, ctx.subjectId, value);
  return Promise.all(
    history.map(async (step) => (personal.has(step.field) ? { ...step, before: await seal(step.before), after: await seal(step.after) } : step)),
  );
}
