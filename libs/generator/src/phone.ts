import type { Rng } from './prng.js';
import type { City } from './places.js';

/**
 * UK phone numbers are kept as the national significant number (NSN, 10 digits, no trunk 0) and rendered
 * per source in one of the formats real exports use. All formats below are valid: a format change is a
 * variation to normalise, not a defect.
 */
export const PHONE_FORMATS = [
  'national', // 020 7946 0123
  'e164Spaced', // +44 20 7946 0123
  'e164Compact', // +442079460123
  'international00', // 0044 20 7946 0123
  'nationalCompact', // 02079460123
  'parentheses', // (020) 7946 0123
  'dashed', // 020-7946-0123
] as const;
export type PhoneFormat = (typeof PHONE_FORMATS)[number];

/** `count` (<= 9) random decimal digits, zero-padded, from one draw. */
function digits(rng: Rng, count: number): string {
  return String(Math.floor(rng.next() * 10 ** count)).padStart(count, '0');
}

/** Mobiles are 7[4-9]xxxxxxxx; landlines pad the city's area code to 10 digits. */
export function randomNsn(rng: Rng, city: City, mobile: boolean): string {
  if (mobile) return `7${rng.int(4, 9)}${digits(rng, 8)}`;
  const localLength = 10 - city.areaCode.length;
  return `${city.areaCode}${rng.int(3, 9)}${digits(rng, localLength - 1)}`;
}

function groups(nsn: string): string[] {
  if (nsn.startsWith('7')) return [nsn.slice(0, 4), nsn.slice(4)];
  const areaLength = nsn.startsWith('2') ? 2 : nsn[1] === '1' || nsn[2] === '1' ? 3 : 4;
  const local = nsn.slice(areaLength);
  return local.length === 8 ? [nsn.slice(0, areaLength), local.slice(0, 4), local.slice(4)] : [nsn.slice(0, areaLength), local];
}

export function formatPhone(nsn: string, format: PhoneFormat): string {
  const g = groups(nsn);
  switch (format) {
    case 'national':
      return `0${g.join(' ')}`;
    case 'e164Spaced':
      return `+44 ${g.join(' ')}`;
    case 'e164Compact':
      return `+44${nsn}`;
    case 'international00':
      return `0044 ${g.join(' ')}`;
    case 'nationalCompact':
      return `0${nsn}`;
    case 'parentheses':
      return `(0${g[0]}) ${g.slice(1).join(' ')}`;
    case 'dashed':
      return `0${g.join('-')}`;
  }
}

/** Switch exports (CDR) carry E.164 digits without the plus. */
export function switchNumber(nsn: string): string {
  return `44${nsn}`;
}

export function randomSwitchNumber(rng: Rng): string {
  return switchNumber(`7${rng.int(4, 9)}${digits(rng, 8)}`);
}

const SEPARATORS = /[\s().-]/g;
const VALID_PHONE = /^(?:\+44|0044|44|0)\d{9,10}$/;

/** The validity rule the truth is built on: every format above passes, every planted bad phone fails. */
export function isValidPhone(text: string): boolean {
  return VALID_PHONE.test(text.replace(SEPARATORS, ''));
}

export const INVALID_PHONES: readonly string[] = ['12ab', '+44 20', 'n/a', '0000', '07700 9001x', 'call me', '+44 (0) 20 79'];
