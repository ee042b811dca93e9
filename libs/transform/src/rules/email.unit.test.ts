import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email.js';

describe('normalizeEmail', () => {
  it('given mixed case and spaces around, when normalised, then lower-cased and trimmed', () => {
    expect(normalizeEmail('  John.Doe@Example.COM ')).toEqual({ ok: true, value: 'john.doe@example.com', changed: true, rule: 'email' });
  });
  it('given a plus alias and a sub-domain, when normalised, then kept', () => {
    expect(normalizeEmail('jo+news@mail.example.co.uk')).toMatchObject({ value: 'jo+news@mail.example.co.uk', changed: false });
  });
  it.each([
    ['john.doe@', 'email_missing_domain'],
    ['a@b', 'email_missing_tld'],
    ['john doe@example.com', 'email_contains_whitespace'],
    ['john.doe at example.com', 'email_contains_whitespace'],
    ['@example.com', 'email_missing_local_part'],
    ['john@@example.com', 'email_multiple_at'],
    ['john..doe@example.com', 'email_invalid_local_part'],
    ['.john@example.com', 'email_invalid_local_part'],
    ['john@-example.com', 'email_invalid_domain'],
    ['john@example.123', 'email_invalid_tld'],
    ['john.example.com', 'email_missing_at'],
  ])('given %j, when normalised, then invalid %s', (input, reason) => {
    expect(normalizeEmail(input)).toEqual({ ok: false, invalid: reason, rule: 'email' });
  });
  it('given an empty string, when normalised, then null (missing, not invalid)', () => {
    expect(normalizeEmail('')).toMatchObject({ ok: true, value: null });
  });
});
