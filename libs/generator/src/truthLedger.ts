import type { GeneratedRecord } from './generateRecords.js';
import type { GenerationContext } from './generationContext.js';
import { describeIncident } from './incident.js';
import { addToKpiTotals, emptyKpiTotals } from './kpiTotals.js';
import type { ResolvedOptions } from './options.js';
import { TOPICS, type Topic } from './topics.js';

/** Running counts beside the data (small: one counter per topic, code and KPI dimension). */
export class TruthLedger {
  readonly counts = Object.fromEntries(TOPICS.map((t) => [t, 0])) as Record<Topic, number>;
  readonly defectsByCode: Record<string, number> = {};
  readonly variationsByCode: Record<string, number> = {};
  readonly kpis = emptyKpiTotals();
  readonly kpisClean = emptyKpiTotals();
  defectiveRecords = 0;
  partyRecords = 0;
  inScope = 0;
  affected = 0;
  droppedInScope = 0;

  add(item: GeneratedRecord): void {
    const { topic, truth } = item;
    this.counts[topic]++;
    if (truth.entityId !== undefined) this.partyRecords++;
    for (const v of truth.variations) this.variationsByCode[v] = (this.variationsByCode[v] ?? 0) + 1;
    for (const d of truth.defects) this.defectsByCode[d] = (this.defectsByCode[d] ?? 0) + 1;
    if (truth.defects.length > 0) this.defectiveRecords++;
    else addToKpiTotals(this.kpisClean, item);
    addToKpiTotals(this.kpis, item);
    if (truth.inIncidentScope) {
      this.inScope++;
      if (item.record.termination === 'DROPPED') this.droppedInScope++;
    }
    if (truth.incident) this.affected++;
  }

  incident(options: ResolvedOptions) {
    const inc = options.incident;
    if (!inc) return null;
    return {
      ...describeIncident(inc),
      inScopeRecords: this.inScope,
      affectedRecords: this.affected,
      ...(inc.kind === 'kpi_shift'
        ? { droppedCallsInScope: this.droppedInScope, baselineDropRate: 0.02, dropRateInScope: this.inScope ? this.droppedInScope / this.inScope : 0 }
        : {}),
    };
  }

  summary(options: ResolvedOptions, ctx: GenerationContext) {
    const persons = ctx.personSources.histogram(ctx.personCount);
    const companies = ctx.companySources.histogram(ctx.companyCount);
    return {
      seed: options.seed,
      tenant: options.tenant,
      records: options.records,
      range: { start: new Date(options.startMs).toISOString(), end: new Date(options.endMs).toISOString() },
      timestampFormat: 'ISO-8601 UTC string (YYYY-MM-DDTHH:mm:ss.sssZ); date_of_birth YYYY-MM-DD',
      counts: this.counts,
      partyRecords: this.partyRecords,
      entities: {
        persons: ctx.personCount,
        companies: ctx.companyCount,
        // index = number of distinct party sources (CRM, ERP, Billing) an entity appears in
        personsBySourceCount: persons.slice(1),
        companiesBySourceCount: companies.slice(1),
      },
      defectiveRecords: this.defectiveRecords,
      defectsByCode: this.defectsByCode,
      variationsByCode: this.variationsByCode,
      kpis: this.kpis,
      kpisCleanRecordsOnly: this.kpisClean,
      incident: this.incident(options),
      rates: {
        mix: options.mix,
        variations: options.variations,
        defects: options.defects,
        crossSource: options.crossSource,
        duplicates: options.duplicates,
        poolSize: options.poolSize,
      },
    };
  }
}
