import type { EnvKey } from './configEnvKeys.js';
import { environmentOf, healthcheckText, isOneShot, type ComposeFile, type ComposeService } from './composeModel.js';
import { interpolateDefaults } from './interpolate.js';

/** Host ports published more than once (by number and protocol, whatever the host address). */
export function duplicateHostPorts(compose: ComposeFile): string[] {
  const owners = new Map<string, string[]>();
  for (const [name, service] of Object.entries(compose.services)) {
    for (const port of service.ports ?? []) {
      const published = publishedPort(port);
      if (published) owners.set(published, [...(owners.get(published) ?? []), name]);
    }
  }
  return [...owners].filter(([, names]) => names.length > 1).map(([port, names]) => `host port ${port} is published by ${names.join(', ')}`);
}

/** `[ip:]host:container[/proto]` or the long syntax, with defaults substituted; undefined when not published. */
export function publishedPort(port: NonNullable<ComposeService['ports']>[number]): string | undefined {
  if (typeof port === 'object') return port.published === undefined ? undefined : `${interpolateDefaults(String(port.published))}/${port.protocol ?? 'tcp'}`;
  const [spec, protocol = 'tcp'] = interpolateDefaults(String(port)).split('/');
  const parts = (spec ?? '').split(':');
  return parts.length < 2 ? undefined : `${parts[parts.length - 2]}/${protocol}`;
}

/**
 * Every service has a restart policy and a health check. Long-running services check something real;
 * one-shot jobs (`restart: "no"`) disable the health check explicitly, since their exit code is the signal.
 */
export function healthAndRestartProblems(compose: ComposeFile): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    if (!service.restart) problems.push(`${name}: no restart policy`);
    if (!service.healthcheck) problems.push(`${name}: no healthcheck`);
    else if (service.healthcheck.disable) {
      if (!isOneShot(service)) problems.push(`${name}: health check disabled on a long-running service`);
    } else if (!healthcheckText(service).trim()) problems.push(`${name}: healthcheck without a test`);
  }
  return problems;
}

/** Images name a version: a tag with a digit, never `latest`, never untagged (built images included). */
export function imageProblems(compose: ComposeFile): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    if (!service.image) {
      problems.push(`${name}: no image name`);
      continue;
    }
    const image = interpolateDefaults(service.image);
    const tag = /:([^/:@]+)$/.exec(image)?.[1];
    if (!tag) problems.push(`${name}: image ${image} has no tag`);
    else if (tag === 'latest' || !/\d/.test(tag)) problems.push(`${name}: image ${image} is not pinned to a version`);
  }
  return problems;
}

/**
 * depends_on names existing services with a condition: one-shot jobs are awaited with
 * service_completed_successfully, everything else with service_healthy.
 */
export function dependencyProblems(compose: ComposeFile): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    const deps = service.depends_on ?? {};
    const entries: [string, { condition?: string }][] = Array.isArray(deps) ? deps.map((d) => [d, {}]) : Object.entries(deps);
    for (const [dep, options] of entries) {
      const target = compose.services[dep];
      if (!target) {
        problems.push(`${name}: depends on unknown service ${dep}`);
        continue;
      }
      const expected = isOneShot(target) ? 'service_completed_successfully' : 'service_healthy';
      if (options.condition !== expected) problems.push(`${name}: depends on ${dep} with condition ${options.condition ?? '(none)'}, expected ${expected}`);
    }
  }
  return problems;
}

export interface EnvRules {
  /** Variables set for a reason that no app reads yet (name -> why); a stale entry is itself a problem. */
  pending: Readonly<Record<string, string>>;
  /** Variables any container may carry (read by Node or the image, not the app config). */
  runtime: readonly string[];
}

/**
 * The environment rule for an app's service (documented in observability/README.md):
 * 1. a required variable (no default, not optional) is set to a value (`${X:?msg}` counts; pass-through does not);
 * 2. a variable whose default names the local stack's loopback addresses is set (wrong inside a container);
 * 3. OTEL_EXPORTER_OTLP_ENDPOINT is set when read, so traces reach Jaeger;
 * 4. a long-running service sets every *_PORT it reads (health checks and scrape targets name the port;
 *    OPS_PORT's default 0 would pick a random one);
 * 5. nothing is set that the app does not read (a misspelt or stale name would be silently ignored),
 *    apart from `rules.runtime` and `rules.pending`.
 * Everything else with a default may be omitted.
 */
export function envProblems(name: string, service: ComposeService, keys: readonly EnvKey[], rules: EnvRules): string[] {
  const env = environmentOf(service);
  const problems: string[] = [];
  const read = new Map(keys.map((k) => [k.name, k]));
  for (const key of keys) {
    const value = env.get(key.name);
    const isSet = value !== undefined && value !== null && value !== '';
    if (key.required && !isSet) problems.push(`${name}: ${key.name} is required by the app but not set to a value`);
    else if (key.localDefault && !isSet) problems.push(`${name}: ${key.name} defaults to the local stack's address; set it for the container`);
    else if (key.name === 'OTEL_EXPORTER_OTLP_ENDPOINT' && !isSet) problems.push(`${name}: OTEL_EXPORTER_OTLP_ENDPOINT not set: its traces would go nowhere`);
    else if (!isOneShot(service) && key.name.endsWith('_PORT') && !isSet) problems.push(`${name}: ${key.name} not set: its port must be fixed for health checks and scraping`);
  }
  for (const variable of env.keys()) {
    if (read.has(variable) || rules.runtime.includes(variable)) continue;
    if (variable in rules.pending) continue;
    problems.push(`${name}: ${variable} is set but the app does not read it`);
  }
  return problems;
}

/** Ports a service's app listens on, from its *_PORT variables. */
export function servicePorts(service: ComposeService): number[] {
  return [...environmentOf(service)].filter(([k, v]) => k.endsWith('_PORT') && v !== null && /^\d+$/.test(v)).map(([, v]) => Number(v));
}
