const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;

/** `"90s"`, `"15m"`, `"24h"`, `"7d"` → milliseconds; NaN when it does not read as one. */
export function parseDuration(text: string): number {
  const m = DURATION_PATTERN.exec(text.trim());
  return m ? Number(m[1]) * (UNIT_MS[m[2] as string] as number) : Number.NaN;
}
