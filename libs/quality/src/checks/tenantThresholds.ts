import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ChecksFileError } from '../errors.js';
import { duration, severity, windowThresholds } from './checkSchema.js';
import type { CompiledChecks } from './compiledChecks.js';
import { compileChecks } from './parseChecks.js';

/**
 * What a tenant may change of a check: its thresholds, never what it tests. `severity` (warn | fail) of a
 * per-record check, its `window` thresholds (null removes them), and a freshness check's ages.
 */
const thresholdOverrideSchema = z.strictObject({
  severity: severity.optional(),
  window: windowThresholds.nullable().optional(),
  warn_after: duration.optional(),
  fail_after: duration.optional(),
});
export type ThresholdOverride = z.infer<typeof thresholdOverrideSchema>;

/** `config/checks/tenants/<tenant>.yaml`: per entity, per check name, the tenant's thresholds. */
export const tenantThresholdsFileSchema = z.strictObject({
  tenant: z.string().min(1),
  description: z.string().optional(),
  entities: z.record(z.string(), z.record(z.string(), thresholdOverrideSchema)),
});

export interface TenantThresholds {
  tenant: string;
  file: string;
  /** entity → check name → override. */
  entities: Readonly<Record<string, Readonly<Record<string, ThresholdOverride>>>>;
}

/** Parses and validates a tenant thresholds file (YAML or JSON). Pure: the caller reads the file. */
export function parseTenantThresholds(text: string, file: string): TenantThresholds {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new ChecksFileError(file, [`not valid YAML: ${(error as Error).message}`], { cause: error });
  }
  const parsed = tenantThresholdsFileSchema.safeParse(document);
  if (!parsed.success) throw new ChecksFileError(file, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return { tenant: parsed.data.tenant, file, entities: parsed.data.entities };
}

/**
 * The entity's checks with one tenant's thresholds applied. Every override must name a check of the entity
 * (a typo would otherwise silently keep the default), and the result is validated like a checks file, so
 * e.g. a freshness check left without any age is refused with the file named.
 */
export function applyThresholds(checks: CompiledChecks, overrides: Readonly<Record<string, ThresholdOverride>>, file: string): CompiledChecks {
  const names = new Set(checks.checks.map((c) => c.name));
  const unknown = Object.keys(overrides).filter((n) => !names.has(n));
  if (unknown.length > 0) throw new ChecksFileError(file, unknown.map((n) => `${checks.entity}.${n}: no such check in ${checks.file} (known: ${[...names].join(', ')})`));
  const document = {
    entity: checks.entity,
    dimensions: checks.dimensions,
    checks: checks.checks.map((c) => {
      const o = overrides[c.name];
      const spec: Record<string, unknown> = { ...c.spec, name: c.name };
      if (!o) return spec;
      if (o.severity !== undefined) spec.severity = o.severity;
      if (o.window === null) delete spec.window;
      else if (o.window !== undefined) spec.window = o.window;
      if (o.warn_after !== undefined) spec.warn_after = o.warn_after;
      if (o.fail_after !== undefined) spec.fail_after = o.fail_after;
      return spec;
    }),
  };
  return compileChecks(document, `${checks.file} with ${file}`);
}

/** The checks that judge a record, and their version (carried as lineage.mapping_version and in derived ids). */
export interface RuleSet {
  checks: CompiledChecks;
  version: string;
}

export interface RuleSets {
  entities(): string[];
  /** The entity's checks for a tenant (its thresholds applied); undefined for an entity without checks. */
  get(tenant: string, entity: string): RuleSet | undefined;
}

export const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12);

/**
 * Rule sets per tenant and entity. The version is `checks/<entity>@<hash of the checks file>`, plus
 * `+tenant/<tenant>@<hash of its overrides of that entity>` when the tenant has any: a change of either
 * gives new derived event ids, so re-evaluating a record with new rules replaces its old verdict.
 * Tenant rule sets are compiled once, when first asked for.
 */
export function createRuleSets(base: ReadonlyMap<string, RuleSet>, tenants: ReadonlyMap<string, TenantThresholds> = new Map()): RuleSets {
  const compiled = new Map<string, RuleSet>();
  for (const t of tenants.values()) for (const entity of Object.keys(t.entities)) {
    const b = base.get(entity);
    if (!b) throw new ChecksFileError(t.file, [`entities.${entity}: no checks file for this entity`]);
    const overrides = t.entities[entity]!;
    // Validated now, at start, so a bad tenant file fails fast instead of poisoning that tenant's records.
    compiled.set(`${t.tenant}\u0000${entity}`, { checks: applyThresholds(b.checks, overrides, t.file), version: `${b.version}+tenant/${t.tenant}@${shortHash(JSON.stringify(overrides))}` });
  }
  return {
    entities: () => [...base.keys()],
    get: (tenant, entity) => compiled.get(`${tenant}\u0000${entity}`) ?? base.get(entity),
  };
}
