/**
 * Base error of @rivulet/auth. Nothing here is retriable: a bad key or token stays bad. The API maps
 * AuthenticationError to 401 and PermissionDeniedError to 403.
 */
export class AuthError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** No credentials, or credentials that do not verify (unknown or revoked key, bad signature, expired token). */
export class AuthenticationError extends AuthError {}

/** Valid credentials whose role lacks the permission a route needs. */
export class PermissionDeniedError extends AuthError {
  constructor(
    readonly role: string,
    readonly permission: string,
  ) {
    super(`role ${role} lacks permission ${permission}`);
  }
}
