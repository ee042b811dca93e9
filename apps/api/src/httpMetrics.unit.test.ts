import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createHttpMetrics } from './httpMetrics.js';

describe('http metrics', () => {
  it('counts requests by route pattern and status class, never by the concrete path', async () => {
    const metrics = createHttpMetrics();
    const inner = express();
    inner.get('/entities/:id', (_req, res) => void res.status(200).json({}));
    const app = express().use(metrics.middleware).use(inner);
    await request(app).get('/entities/e-1');
    await request(app).get('/entities/e-2');
    await request(app).get('/nowhere');
    const text = await metrics.registry.metrics();
    expect(text).toContain('rivulet_http_requests_total{method="GET",route="/entities/:id",status="2xx",app="api"} 2');
    expect(text).toContain('route="unmatched",status="4xx"');
    expect(text).not.toContain('e-1');
  });
});
