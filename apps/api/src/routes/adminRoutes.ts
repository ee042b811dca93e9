import { generateApiKey, ROLES } from '@rivulet/auth';
import { z } from '@rivulet/config';
import { NotFoundError } from '../http/apiError.js';
import { created, defineRoute } from '../http/route.js';
import { paginate, paginationShape } from '../http/pagination.js';
import { pageSchema, tx } from './common.js';

const keyRow = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), created_at: z.string(), revoked_at: z.string().nullable() });
const KEY_COLUMNS = ['id', 'name', 'role', 'created_at', 'revoked_at'];

/**
 * API keys of the caller's own tenant. Row-level security scopes every statement to that tenant; the
 * tenant of a new key is the caller's (never taken from the body), so an admin cannot mint keys elsewhere.
 */
export function adminRoutes() {
  return [
    defineRoute({
      method: 'post', path: '/admin/api-keys', tag: 'admin', permission: 'keys:admin', successStatus: 201,
      summary: 'Create an API key (the key is shown once, only its hash is stored)',
      body: z.object({ name: z.string().trim().min(1).max(100), role: z.enum(ROLES) }),
      response: keyRow.extend({ key: z.string() }),
      audit: ({ body }, result) => ({ action: 'api_key.create', target: (result as { body: { id: string } }).body.id, detail: { name: body.name, role: body.role } }),
      handler: async ({ body }, ctx) => {
        const generated = generateApiKey();
        const [row] = await tx(ctx.tx)('api_keys')
          .insert({ id: generated.keyId, tenant_id: ctx.principal!.tenant, name: body.name, key_hash: generated.hash, role: body.role })
          .returning(KEY_COLUMNS);
        return created({ ...row, key: generated.key });
      },
    }),
    defineRoute({
      method: 'get', path: '/admin/api-keys', tag: 'admin', permission: 'keys:admin',
      summary: 'List the tenant\'s API keys (ids, names, roles; never the keys)',
      query: z.object({ include_revoked: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'), ...paginationShape }),
      response: pageSchema(keyRow),
      audit: () => ({ action: 'api_key.list' }),
      handler: async ({ query }, ctx) => {
        const q = tx(ctx.tx)('api_keys').select(KEY_COLUMNS);
        if (!query.include_revoked) q.whereNull('revoked_at');
        return paginate(q, { columns: ['id'], direction: 'asc', limit: query.limit, cursor: query.cursor });
      },
    }),
    defineRoute({
      method: 'delete', path: '/admin/api-keys/:id', tag: 'admin', permission: 'keys:admin',
      summary: 'Revoke an API key (kept, with revoked_at, for the audit trail)',
      params: z.object({ id: z.string().regex(/^[0-9a-f]{12}$/, 'a 12-hex-digit key id') }),
      response: keyRow,
      audit: ({ params }) => ({ action: 'api_key.revoke', target: params.id }),
      target: ({ params }) => ({ kind: 'api_key', id: params.id, lookup: { table: 'api_keys', columns: ['id'] } }),
      handler: async ({ params }, ctx) => {
        const t = tx(ctx.tx);
        const [row] = await t('api_keys').where({ id: params.id }).whereNull('revoked_at').update({ revoked_at: t.fn.now() }, KEY_COLUMNS);
        if (!row) throw new NotFoundError(`no active API key ${params.id}`);
        return row;
      },
    }),
  ];
}
