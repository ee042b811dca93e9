import { randomBytes } from 'node:crypto';

/** A small client for the query API as a user would call it: bearer key, JSON, following cursors. */
export function apiClient(baseUrl: string, key: string) {
  async function get<T>(path: string): Promise<T> {
    const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  return {
    get,
    /** Every item of a paginated list endpoint. */
    async all<T>(path: string): Promise<T[]> {
      const items: T[] = [];
      let cursor: string | null = null;
      do {
        const sep = path.includes('?') ? '&' : '?';
        const page: { items: T[]; next_cursor: string | null } = await get(`${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        items.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      return items;
    },
  };
}

export function newApiKey(): string {
  return `rk_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`;
}
