/**
 * Light normalisation applied before blocking and comparison. The transform already lower-cases emails and
 * writes E.164 phones; these functions only make comparison robust to case, accents and punctuation.
 */

/** Lower case, accents stripped, anything but letters and digits turned into single spaces. */
export function normText(value: string | null | undefined): string {
  if (!value) return '';
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function tokens(value: string | null | undefined): string[] {
  const text = normText(value);
  return text === '' ? [] : text.split(' ');
}

/** Lower case, trimmed, "+tag" sub-addresses dropped (same mailbox). */
export function normEmail(value: string | null | undefined): string {
  if (!value) return '';
  const email = value.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0) return email;
  const local = email.slice(0, at).replace(/\+.*$/, '');
  return `${local}@${email.slice(at + 1)}`;
}

export function digits(value: string | null | undefined): string {
  return value ? value.replace(/\D+/g, '') : '';
}

export function normPostcode(value: string | null | undefined): string {
  return value ? value.toUpperCase().replace(/[^A-Z0-9]+/g, '') : '';
}

// Legal forms and filler words say nothing about which company it is.
const ORG_STOPWORDS = new Set([
  'the', 'and', 'of', 'ltd', 'limited', 'inc', 'incorporated', 'llc', 'llp', 'plc', 'co', 'company', 'corp',
  'corporation', 'gmbh', 'ag', 'sa', 'sas', 'sarl', 'bv', 'nv', 'srl', 'spa', 'oy', 'ab', 'as', 'kg', 'group',
]);

export function orgTokens(value: string | null | undefined): string[] {
  return tokens(value).filter((t) => !ORG_STOPWORDS.has(t));
}
