import type { Rng } from './prng.js';

// QWERTY neighbours, so substitutions look like real slips rather than noise.
const NEIGHBOURS: Readonly<Record<string, string>> = {
  a: 'qsz', b: 'vgn', c: 'xdv', d: 'sfe', e: 'wrd', f: 'dgr', g: 'fht', h: 'gjy', i: 'uok', j: 'hku', k: 'jli',
  l: 'kop', m: 'nj', n: 'bmh', o: 'ipl', p: 'ol', q: 'wa', r: 'etf', s: 'adw', t: 'ryg', u: 'yij', v: 'cbf',
  w: 'qes', x: 'zcs', y: 'tuh', z: 'xa',
};

/**
 * One character edit (substitute a neighbour key, delete, transpose, double). Promises a result that differs
 * from the input and is never empty, so a typo can never be mistaken for a missing value.
 */
export function typo(text: string, rng: Rng): string {
  if (text.length < 3) return `${text}${text.slice(-1)}`;
  const i = rng.int(1, text.length - 2);
  const ch = text[i] as string;
  const op = rng.int(0, 3);
  let out: string;
  if (op === 0) {
    const near = NEIGHBOURS[ch.toLowerCase()];
    const sub = near ? near[rng.int(0, near.length - 1)] as string : 'e';
    out = text.slice(0, i) + (ch === ch.toUpperCase() ? sub.toUpperCase() : sub) + text.slice(i + 1);
  } else if (op === 1) {
    out = text.slice(0, i) + text.slice(i + 1);
  } else if (op === 2) {
    out = text.slice(0, i) + (text[i + 1] as string) + ch + text.slice(i + 2);
  } else {
    out = text.slice(0, i) + ch + text.slice(i);
  }
  return out === text ? text.slice(0, i) + text.slice(i + 1) : out;
}
