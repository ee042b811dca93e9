import { createHash } from 'node:crypto';
import express, { type RequestHandler, type Response } from 'express';
import {
  formatFromContentType, parsePayload, resolveRawTopic, type BatchResult, type InputRow, type RawTopic, type TenantQuotas,
} from '@rivulet/ingest';
import { authenticate, hasRole, presentedKey, type ApiKey, type Principal } from '../auth/apiKeys.js';
import type { GatewayMetrics } from '../metrics.js';
import { HttpProblem, problemBody } from './problem.js';
import type { IdempotencyCache, StoredResponse } from './idempotencyCache.js';

export interface IngestRouteDeps {
  apiKeys: readonly ApiKey[];
  ingest: (topic: RawTopic, tenantId: string, rows: readonly InputRow[]) => Promise<BatchResult>;
  idempotency: IdempotencyCache;
  metrics: GatewayMetrics;
  /** Bounded `tenant` label of the metrics. */
  tenantLabel: (tenantId: string) => string;
  quotas: TenantQuotas;
  maxBodyBytes: number;
  /** Rejections listed in a response (the counts are always exact). */
  maxErrorsInResponse: number;
}

interface Locals { principal: Principal; topic: RawTopic }

/**
 * `POST /data/ingest?source=&entity=` and `POST /data/ingest/:source/:entity`, as a chain: authenticate →
 * resolve the topic → check the content type → read the body (size-limited) → idempotency → parse → the
 * tenant's quota (429 + Retry-After, nothing published) → ingest.
 * The cheap refusals come before the body is read, so an unauthenticated client cannot make us buffer
 * megabytes.
 */
export function ingestHandlers(deps: IngestRouteDeps): RequestHandler[] {
  const authorize: RequestHandler = (req, res, next) => {
    res.locals.routeName = 'ingest';
    const principal = authenticate(deps.apiKeys, presentedKey(req.headers));
    if (!principal) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="rivulet"');
      throw new HttpProblem(401, 'unauthenticated', 'Unauthenticated', 'send an API key as "Authorization: Bearer <key>" or "X-API-Key: <key>"');
    }
    if (!hasRole(principal.role, 'operator')) {
      throw new HttpProblem(403, 'forbidden', 'Forbidden', `the key has role ${principal.role}; ingesting needs operator`);
    }
    const source = String(req.params.source ?? req.query.source ?? '');
    const entity = String(req.params.entity ?? req.query.entity ?? '');
    if (!source || !entity) throw new HttpProblem(400, 'bad-request', 'Bad request', 'name the source and entity: ?source=crm&entity=customer');
    (res.locals as Locals).principal = principal;
    (res.locals as Locals).topic = resolveRawTopic(source, entity);
    formatFromContentType(req.headers['content-type']);
    next();
  };

  const readBody = express.raw({ type: () => true, limit: deps.maxBodyBytes });

  const handle: RequestHandler = async (req, res) => {
    const { principal, topic } = res.locals as Locals;
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const contentType = req.headers['content-type'] ?? '';
    const key = req.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' && key.length > 0 ? key : undefined;
    if (idempotencyKey && idempotencyKey.length > 255) throw new HttpProblem(400, 'bad-request', 'Bad request', 'Idempotency-Key is longer than 255 characters');
    const fingerprint = createHash('sha256').update(`${topic.topic}\u0000${contentType}\u0000`).update(body).digest('hex');

    if (idempotencyKey) {
      const reservation = deps.idempotency.reserve(principal.tenantId, idempotencyKey, fingerprint);
      if (reservation.kind === 'replay') return send(res, reservation.response, true);
      if (reservation.kind === 'in-progress') throw new HttpProblem(409, 'idempotency-conflict', 'Conflict', 'a request with this Idempotency-Key is still being processed');
      if (reservation.kind === 'mismatch') throw new HttpProblem(422, 'idempotency-key-reused', 'Idempotency-Key reused', 'this Idempotency-Key was used for a different request');
    }
    try {
      const response = await ingestBody(topic, principal.tenantId, formatFromContentType(contentType), body);
      if (idempotencyKey) deps.idempotency.complete(principal.tenantId, idempotencyKey, fingerprint, response);
      send(res, response, false);
    } catch (error) {
      // Only final answers are remembered; after a failure the client's retry must really run again.
      if (idempotencyKey) deps.idempotency.release(principal.tenantId, idempotencyKey);
      throw error;
    }
  };

  async function ingestBody(topic: RawTopic, tenantId: string, format: ReturnType<typeof formatFromContentType>, body: Buffer): Promise<StoredResponse> {
    const rows = parsePayload(format, body.toString('utf8'));
    if (rows.length === 0) throw new HttpProblem(400, 'empty-payload', 'Empty payload', 'the body holds no records');
    checkQuota(tenantId, rows.length);
    const result = await deps.ingest(topic, tenantId, rows);
    const labels = { tenant: deps.tenantLabel(tenantId), source: topic.source, entity: topic.entity, path: 'http' };
    deps.metrics.records.inc({ ...labels, outcome: 'accepted' }, result.accepted.length);
    deps.metrics.records.inc({ ...labels, outcome: 'rejected' }, result.rejected.length);
    const errors = result.rejected.slice(0, deps.maxErrorsInResponse);
    const counts = { topic: topic.topic, received: rows.length, accepted: result.accepted.length, rejected: result.rejected.length };
    if (result.accepted.length === 0) {
      const problem = new HttpProblem(422, 'no-valid-records', 'No valid records', `none of the ${rows.length} records is valid; nothing was published`, { ...counts, errors });
      return { status: 422, body: problemBody(problem) };
    }
    return { status: 202, body: { ...counts, eventIds: result.accepted.map((a) => a.eventId), errors } };
  }

  /**
   * Every record received counts against the quota, valid or not (each costs parsing and validation). A
   * refused request takes no tokens and publishes nothing; it is not remembered under its Idempotency-Key,
   * so the client retries it as it is after `Retry-After`.
   */
  function checkQuota(tenantId: string, records: number): void {
    const decision = deps.quotas.take(tenantId, records);
    if (decision.allowed) return;
    deps.metrics.quotaRefusals.inc({ tenant: deps.tenantLabel(tenantId), reason: decision.reason });
    const { recordsPerSecond, burst } = decision.limit;
    const quota = { records, records_per_second: recordsPerSecond, burst };
    if (decision.reason === 'batch-too-large') {
      throw new HttpProblem(413, 'batch-exceeds-quota', 'Batch exceeds the ingest quota',
        `the batch holds ${records} records but this tenant may send at most ${burst} at once (${recordsPerSecond} records/s); split it into smaller batches`, quota);
    }
    throw new HttpProblem(429, 'quota-exceeded', 'Too many records',
      `this tenant's ingest quota is ${recordsPerSecond} records/s (bursts up to ${burst}); nothing of these ${records} records was accepted: retry in ${decision.retryAfterSeconds} s`,
      { ...quota, retry_after_seconds: decision.retryAfterSeconds, headers: { 'Retry-After': String(decision.retryAfterSeconds) } });
  }

  return [authorize, readBody, handle];
}

function send(res: Response, response: StoredResponse, replayed: boolean): void {
  if (replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(response.status).type(response.status >= 400 ? 'application/problem+json' : 'application/json').send(JSON.stringify(response.body));
}

