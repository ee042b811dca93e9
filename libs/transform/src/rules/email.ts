import { invalid, valid, type RuleResult } from './ruleResult.js';

// RFC 5322 "dot-atom" characters of the local part; quoted local parts ("john doe"@x) are rejected on purpose:
// no real customer address uses them and they are a favourite of garbage data.
const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
// A DNS label (letters may be non-ASCII: internationalised domains arrive in Unicode form).
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * Lower-cases and validates an email address (RFC 5322 lite): one "@", a dot-atom local part of at most 64
 * characters, a domain of at least two DNS labels with an alphabetic top-level label. Plus aliases
 * ("jo+news@x.com") are kept: they are the customer's choice, and stripping them is the matcher's call.
 * Lower-casing the local part is technically lossy (RFC 5321 lets it be case-sensitive) but no mail provider
 * in use treats it so, and it makes duplicates comparable.
 */
export function normalizeEmail(input: unknown): RuleResult<string | null> {
  if (typeof input !== 'string') return invalid('email', 'not_a_string');
  const trimmed = input.trim();
  if (trimmed === '') return valid('email', null, true);
  const reason = emailProblem(trimmed);
  if (reason) return invalid('email', reason);
  const value = trimmed.toLowerCase();
  return valid('email', value, value !== input);
}

function emailProblem(text: string): string | undefined {
  if (/\s/.test(text)) return 'email_contains_whitespace';
  const at = text.lastIndexOf('@');
  if (at < 0) return 'email_missing_at';
  if (text.indexOf('@') !== at) return 'email_multiple_at';
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local === '') return 'email_missing_local_part';
  if (domain === '') return 'email_missing_domain';
  if (local.length > 64 || text.length > 254) return 'email_too_long';
  if (!local.split('.').every((atom) => ATOM.test(atom))) return 'email_invalid_local_part';
  const labels = domain.split('.');
  if (labels.length < 2) return 'email_missing_tld';
  if (!labels.every((label) => LABEL.test(label))) return 'email_invalid_domain';
  const tld = labels[labels.length - 1] ?? '';
  if (!/^\p{L}{2,}$/u.test(tld)) return 'email_invalid_tld';
  return undefined;
}
