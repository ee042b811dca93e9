import { piiFieldPaths, type EventSchema } from '@rivulet/contracts';
import { isEncrypted, PII_PREFIX } from '@rivulet/pii';
import { getField, type QualityIssueDetectedPayload } from '@rivulet/quality';

/**
 * `QualityContext.protect` for one record: the observed value of a failed personal check leaves as the
 * ciphertext the canonical event already carries for that field (same subject key, so crypto-shredding
 * the subject erases it from the issues too). Anything else (a value that is not exactly the field's, an
 * unencrypted field) becomes null; the issue's message then describes the failure without the value.
 */
export function observedCiphertext(encrypted: unknown, clear: unknown): (field: string, value: unknown) => string | null {
  return (field, value) => {
    const ciphertext = getField(encrypted, field);
    return typeof value === 'string' && value !== '' && getField(clear, field) === value && isEncrypted(ciphertext) ? ciphertext : null;
  };
}

/** The clear personal values of a revealed record (what must never leave the process). */
export function personalValues(schema: EventSchema, clear: unknown): string[] {
  const out: string[] = [];
  for (const path of piiFieldPaths(schema)) {
    const v = getField(clear, path);
    // Very short values ("M", "1") would match everywhere; they also identify nobody on their own.
    if (typeof v === 'string' && v.trim().length >= 3 && !isEncrypted(v)) out.push(v);
  }
  return out;
}

/**
 * Last line of defence: a check that reads a personal field but is not marked `pii: true` in its checks
 * file would put the clear value into the issue's message or observed value. Such an issue keeps its
 * verdict but loses the value.
 */
export function withoutPersonalValues(issue: QualityIssueDetectedPayload, values: readonly string[]): QualityIssueDetectedPayload {
  if (values.length === 0) return issue;
  const leaks = (text: string | null): boolean => typeof text === 'string' && !text.startsWith(PII_PREFIX) && values.some((v) => text.includes(v));
  if (!leaks(issue.message) && !leaks(issue.observed_value) && !leaks(issue.expected)) return issue;
  return {
    ...issue,
    observed_value: leaks(issue.observed_value) ? null : issue.observed_value,
    expected: leaks(issue.expected) ? null : issue.expected,
    message: leaks(issue.message) ? `${issue.field ?? issue.check} failed ${issue.check} (value withheld: personal data)` : issue.message,
  };
}
