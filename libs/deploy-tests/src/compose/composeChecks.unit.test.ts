import { describe, expect, it } from 'vitest';
import { dependencyProblems, duplicateHostPorts, envProblems, healthAndRestartProblems, imageProblems, publishedPort } from './composeChecks.js';
import type { ComposeFile } from './composeModel.js';
import { interpolateDefaults } from './interpolate.js';

const health = { test: ['CMD', 'true'] };

describe('compose checks', () => {
  it('given interpolations, then defaults are used and required values stay visible', () => {
    expect(interpolateDefaults('${BIND:-127.0.0.1}:${PORT-8080}:80')).toBe('127.0.0.1:8080:80');
    expect(interpolateDefaults('${SECRET:?set it}')).toBe('${SECRET:?set it}');
  });

  it('given short and long port syntax, then the published host port is found', () => {
    expect(publishedPort('${BIND:-127.0.0.1}:19092:9092')).toBe('19092/tcp');
    expect(publishedPort('8080:80/udp')).toBe('8080/udp');
    expect(publishedPort('9090')).toBeUndefined();
    expect(publishedPort({ published: 3000, target: 3000 })).toBe('3000/tcp');
  });

  it('given two services on one host port, then it is reported', () => {
    const compose: ComposeFile = { services: { a: { ports: ['127.0.0.1:8080:80'] }, b: { ports: ['8080:8080'] }, c: { ports: ['9090:9090'] } } };
    expect(duplicateHostPorts(compose)).toEqual(['host port 8080/tcp is published by a, b']);
  });

  it('given services without health check or restart policy, then each gap is reported', () => {
    const compose: ComposeFile = {
      services: {
        ok: { restart: 'unless-stopped', healthcheck: health },
        job: { restart: 'no', healthcheck: { disable: true } },
        bare: {},
        lazy: { restart: 'always', healthcheck: { disable: true } },
      },
    };
    expect(healthAndRestartProblems(compose)).toEqual([
      'bare: no restart policy',
      'bare: no healthcheck',
      'lazy: health check disabled on a long-running service',
    ]);
  });

  it('given untagged, latest and versioned images, then only the versioned ones pass', () => {
    const compose: ComposeFile = { services: { a: { image: 'postgres' }, b: { image: 'nginx:latest' }, c: { image: 'reg:5000/x/y:1.2.3' }, d: { image: 'x:stable' } } };
    expect(imageProblems(compose)).toEqual([
      'a: image postgres has no tag',
      'b: image nginx:latest is not pinned to a version',
      'd: image x:stable is not pinned to a version',
    ]);
  });

  it('given depends_on entries, then one-shot jobs need completion and services need health', () => {
    const compose: ComposeFile = {
      services: {
        db: { restart: 'always' },
        init: { restart: 'no' },
        app: { restart: 'always', depends_on: { db: { condition: 'service_started' }, init: { condition: 'service_completed_successfully' }, ghost: {} } },
      },
    };
    expect(dependencyProblems(compose)).toEqual([
      'app: depends on db with condition service_started, expected service_healthy',
      'app: depends on unknown service ghost',
    ]);
  });

  it('given an app environment, then missing required, local-default, port and unread variables are reported', () => {
    const keys = [
      { name: 'SECRET', required: true, localDefault: false },
      { name: 'KEY', required: true, localDefault: false },
      { name: 'KAFKA_BROKERS', required: false, localDefault: true },
      { name: 'OPS_PORT', required: false, localDefault: false },
      { name: 'LOG_LEVEL', required: false, localDefault: false },
    ];
    const service = { restart: 'always', environment: { SECRET: '${SECRET:?set it}', KEY: null, PORT: '8080', NODE_ENV: 'production', LATER: 'x' } };
    expect(envProblems('app', service, keys, { runtime: ['NODE_ENV'], pending: { LATER: 'not read yet' } })).toEqual([
      'app: KEY is required by the app but not set to a value',
      "app: KAFKA_BROKERS defaults to the local stack's address; set it for the container",
      'app: OPS_PORT not set: its port must be fixed for health checks and scraping',
      'app: PORT is set but the app does not read it',
    ]);
  });
});
