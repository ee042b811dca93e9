import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appEnvKeys } from './compose/appEnvKeys.js';
import { dependencyProblems, duplicateHostPorts, envProblems, healthAndRestartProblems, imageProblems, servicePorts, type EnvRules } from './compose/composeChecks.js';
import { healthcheckText, type ComposeFile } from './compose/composeModel.js';
import { sharedConfigKeys } from './compose/sharedConfigKeys.js';
import { appConfigSources, appNames, readRepoText, readRepoYaml, repoRoot } from './repoFiles.js';

// Structure of infra/compose.yaml against the apps as they are in the repository (see the rules in
// composeChecks.ts and observability/README.md). Nothing here runs Docker.

const compose = readRepoYaml('infra/compose.yaml') as ComposeFile;
const apps = appNames();
const shared = sharedConfigKeys();

/**
 * Variables compose sets before any app reads them. Each entry says why; once an app reads the variable
 * the entry is stale and the last test below asks to remove it.
 */
const PENDING: EnvRules['pending'] = {};
const RULES: EnvRules = { pending: PENDING, runtime: ['NODE_ENV', 'NODE_OPTIONS', 'TZ'] };

describe('infra/compose.yaml', () => {
  it('given the apps under apps/, then each has a service of the same name', () => {
    expect(apps.filter((app) => !compose.services[app])).toEqual([]);
  });

  it('given every service, then each has a restart policy and a health check', () => {
    expect(healthAndRestartProblems(compose)).toEqual([]);
  });

  it('given every service, then its image is pinned to a version', () => {
    expect(imageProblems(compose)).toEqual([]);
  });

  it('given every published port, then no host port is used twice', () => {
    expect(duplicateHostPorts(compose)).toEqual([]);
  });

  it('given depends_on, then services wait for healthy services and completed init jobs', () => {
    expect(dependencyProblems(compose)).toEqual([]);
  });

  it('given the app services, then each is built from infra/docker/Dockerfile with APP set to its own directory', () => {
    for (const app of apps) {
      const build = compose.services[app]?.build as { context?: string; dockerfile?: string; args?: Record<string, string> } | undefined;
      expect(build, app).toMatchObject({ context: '..', dockerfile: 'infra/docker/Dockerfile', args: { APP: app } });
    }
    expect(existsSync(join(repoRoot, 'infra/docker/Dockerfile'))).toBe(true);
  });

  describe.each(apps)('app %s', (app) => {
    const sources = appConfigSources(app);
    it.skipIf(sources.length === 0)('given the variables its config reads, then its service sets what it needs and nothing it ignores', () => {
      const keys = appEnvKeys(sources.map((s) => s.text), shared);
      expect(keys.length, `no configuration keys found in ${sources.map((s) => s.path).join(', ')}`).toBeGreaterThan(0);
      expect(envProblems(app, compose.services[app]!, keys, RULES)).toEqual([]);
    });
  });

  it('given the health checks of long-running app services, then each probes /health on a port the app is configured to listen on', () => {
    for (const app of apps) {
      const service = compose.services[app]!;
      if (service.restart === 'no') continue;
      const port = /127\.0\.0\.1:(\d+)\/health/.exec(healthcheckText(service))?.[1];
      expect(port, `${app}: health check does not probe http://127.0.0.1:<port>/health`).toBeDefined();
      expect(servicePorts(service), app).toContain(Number(port));
    }
  });

  it('given the Prometheus scrape jobs, then each app job targets its compose service on a port the app listens on', () => {
    const prometheus = readRepoYaml('observability/prometheus.yml') as { scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };
    const scraped = new Set<string>();
    for (const job of prometheus.scrape_configs) {
      for (const target of job.static_configs.flatMap((c) => c.targets)) {
        const [host, port] = target.split(':');
        if (host === 'localhost') continue;
        const service = compose.services[host!];
        expect(service, `${job.job_name}: target ${target} is not a compose service`).toBeDefined();
        if (apps.includes(host!)) {
          expect(servicePorts(service!), `${job.job_name}: ${target}`).toContain(Number(port));
          scraped.add(host!);
        }
      }
    }
    // Every long-running app is scraped (the CLI is a command, not a server).
    expect(apps.filter((a) => compose.services[a]?.restart !== 'no' && !scraped.has(a))).toEqual([]);
  });

  it('given the nginx configuration, then every upstream is a compose service on a port its app listens on', () => {
    const upstreams = [...readRepoText('infra/nginx/nginx.conf').matchAll(/http:\/\/([a-z0-9-]+):(\d+)/g)];
    expect(upstreams.map((m) => m[1])).toEqual(expect.arrayContaining(['api', 'gateway']));
    for (const [, host, port] of upstreams) {
      const service = compose.services[host!];
      expect(service, `nginx upstream ${host}`).toBeDefined();
      expect(servicePorts(service!), `nginx upstream ${host}:${port}`).toContain(Number(port));
    }
  });

  it('given Prometheus and Grafana, then they mount the observability files where their configuration expects them', () => {
    const volumes = (name: string) => ((compose.services[name] as { volumes?: string[] }).volumes ?? []).join('\n');
    expect(volumes('prometheus')).toContain('../observability:/etc/prometheus');
    const provider = readRepoYaml('observability/grafana/provisioning/dashboards/rivulet.yml') as { providers: { options: { path: string } }[] };
    expect(volumes('grafana')).toContain(`../observability/grafana/dashboards:${provider.providers[0]!.options.path}`);
    expect(volumes('grafana')).toContain('../observability/grafana/provisioning:/etc/grafana/provisioning');
  });

  it('given the pending variables, then none of them is read by an app yet (a read one must leave the list)', () => {
    const read = new Set(apps.flatMap((app) => appEnvKeys(appConfigSources(app).map((s) => s.text), shared).map((k) => k.name)));
    expect(Object.keys(PENDING).filter((name) => read.has(name))).toEqual([]);
  });
});
