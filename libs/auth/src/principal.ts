import type { Role } from './roles.js';

/** Who is calling, established from an API key or a JWT; the tenant scopes every query (row-level security). */
export interface Principal {
  /** The key id (`rk_<id>_...`) or the JWT `sub`. */
  subject: string;
  tenant: string;
  role: Role;
  via: 'api_key' | 'jwt';
}
