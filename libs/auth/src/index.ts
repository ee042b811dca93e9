export { AuthenticationError, AuthError, PermissionDeniedError } from './authError.js';
export { apiKeyId, generateApiKey, hashApiKey, isApiKey, type GeneratedApiKey } from './apiKey.js';
export { extractCredential, type Credential } from './credentials.js';
export { createJwtVerifier, type JwtVerifier, type JwtVerifierOptions } from './jwtVerifier.js';
export type { Principal } from './principal.js';
export { authorize, can, isRole, minimumRole, PERMISSIONS, ROLE_PERMISSIONS, ROLES, type Permission, type Role } from './roles.js';
