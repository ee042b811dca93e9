import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from its parts (SHA-256, version nibble 5-like, RFC 4122 variant), so the same
 * inputs always give the same event id and a replay produces identical events the projector can dedupe.
 */
export function deterministicUuid(...parts: readonly string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Entity id of a cluster: a hash of its smallest member key (tenant-scoped), so the id is a function of
 * the membership alone: the same clusters get the same ids whatever order records arrived in, and a
 * replay reproduces them. The price: when a member with a smaller key joins, the entity is renamed; resolve
 * reports that like a merge (old id tombstoned with merged_into = new id).
 */
export function entityIdFor(smallestMemberKey: string): string {
  return `ent_${createHash('sha256').update(smallestMemberKey).digest('hex').slice(0, 24)}`;
}
