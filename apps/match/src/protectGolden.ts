import type { FieldProvenance, GoldenEntityUpdated, GoldenField, PartyRecord } from '@rivulet/matching';
import { MatchAppError } from './matchAppError.js';

const PERSONAL: readonly GoldenField[] = ['given_name', 'family_name', 'full_name', 'email', 'phone', 'date_of_birth', 'address'];

/**
 * The golden record as it may leave the process: every personal field is replaced by the *stored
 * ciphertext* of the member it came from (field provenance), so each value stays under its own data
 * subject's key, and forgetting that subject erases it from entities.golden too. No re-encryption: the
 * bytes are the ones the member arrived with, so the output is deterministic. Values a member sent in
 * clear (a source without a PII subject) stay as they arrived.
 */
export function protectGolden(
  value: GoldenEntityUpdated,
  provenance: Partial<Record<GoldenField, FieldProvenance>> | null,
  storedRecords: ReadonlyMap<string, PartyRecord>,
): GoldenEntityUpdated {
  const golden = { ...value.golden } as Record<string, unknown>;
  for (const field of PERSONAL) {
    if (golden[field] === null || golden[field] === undefined) continue;
    const source = provenance?.[field];
    const stored = source ? storedRecords.get(source.party_key) : undefined;
    if (!stored) throw new MatchAppError(`golden ${value.entity_id}: no stored member for ${field}; refusing to publish it in clear`);
    golden[field] = (stored as unknown as Record<string, unknown>)[field] ?? null;
  }
  return { ...value, golden: golden as unknown as GoldenEntityUpdated['golden'] };
}
