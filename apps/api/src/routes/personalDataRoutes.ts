import { z } from '@rivulet/config';
import { forgetSubject } from '@rivulet/pii';
import { defineRoute } from '../http/route.js';
import { tx } from './common.js';

/** `<source>.<entity>:<record id>`, as `envelope.pii_subject_id` names the subject of a source record. */
const subjectId = z
  .string()
  .max(300)
  .regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*:.+$/, 'a subject id <source>.<entity>:<record id>, e.g. crm.customer:C-17')
  .describe('data subject: `<source>.<entity>:<source record id>` (URL-encode the colon as %3A if your client needs to)');

const forgetAnswer = z.object({
  subject_id: z.string(),
  key_destroyed: z.boolean().describe('false when the subject had no live key (never seen, or already forgotten); the erasure holds either way'),
  destroyed_at: z.string(),
});

/**
 * Erasure by crypto-shredding for the caller's own tenant (row-level security on pii_subject_keys keeps a
 * tenant admin to its own subjects). The key destruction and its `pii.forget` audit row commit together.
 */
export function personalDataRoutes(options: { keysSchema?: string | undefined } = {}) {
  return [
    defineRoute({
      method: 'post', path: '/admin/subjects/:subjectId/forget', tag: 'admin', permission: 'personal:erase',
      summary: 'Forget a data subject: destroy its data key (irreversible)',
      description:
        'Every copy of the subject\'s personal fields (Kafka topics, read models, replays and rebuilds) stays ciphertext that can no longer be ' +
        'decrypted: answers show `[erased]`, processors see null. Counts, KPIs and non-personal facts are unchanged. Cannot be undone; ' +
        'values exported in clear before, and backups of pii_subject_keys, are outside its reach. Idempotent.',
      params: z.object({ subjectId }),
      response: forgetAnswer,
      handler: async ({ params }, ctx) => {
        const principal = ctx.principal!;
        const result = await forgetSubject(tx(ctx.tx), {
          tenantId: principal.tenant,
          subjectId: params.subjectId,
          actor: principal.subject,
          detail: { via: principal.via, role: principal.role, method: 'api' },
          ...(options.keysSchema ? { keysSchema: options.keysSchema } : {}),
        });
        return { subject_id: result.subjectId, key_destroyed: result.destroyed, destroyed_at: result.destroyedAt };
      },
    }),
  ];
}
