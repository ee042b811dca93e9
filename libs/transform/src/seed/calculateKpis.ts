import type { CanonicalEvent } from '../kpi/canonicalEvent.js';
import { kpiFacts, type KpiFact } from '../kpi/kpiFacts.js';

/** KPI totals by name, then by unit ("GBP_minor", "count", "minutes"): amounts in different currencies never add up. */
export type KpiResults = Record<string, Record<string, number>>;

export interface CalculateKpisResult {
  kpi_results: KpiResults;
  facts_count: number;
}

/**
 * The seed's `/kpi/calculate`: derives facts from canonical events and sums them in memory (the streaming
 * path leaves summing to the read model). `kpis` restricts the output to those names.
 */
export function calculateKpis(events: readonly CanonicalEvent[], options: { kpis?: readonly string[] } = {}): CalculateKpisResult {
  const facts = events.flatMap(kpiFacts);
  return { kpi_results: sumFacts(facts, options.kpis), facts_count: facts.length };
}

export function sumFacts(facts: readonly KpiFact[], only?: readonly string[]): KpiResults {
  const wanted = only ? new Set(only) : undefined;
  const results: KpiResults = {};
  for (const fact of facts) {
    if (wanted && !wanted.has(fact.kpi)) continue;
    const byUnit = (results[fact.kpi] ??= {});
    byUnit[fact.unit] = (byUnit[fact.unit] ?? 0) + fact.value;
  }
  return results;
}
