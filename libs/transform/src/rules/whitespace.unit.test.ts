import { describe, expect, it } from 'vitest';
import { lowerCase, normalizeWhitespace, upperCase } from './whitespace.js';

describe('normalizeWhitespace', () => {
  it('given tabs, NBSP, zero-width and line breaks, when normalised, then one space between words and changed', () => {
    expect(normalizeWhitespace('  John\u00A0\t Smith\u200B\n')).toEqual({ ok: true, value: 'John Smith', changed: true, rule: 'whitespace' });
  });
  it('given clean text, when normalised, then unchanged', () => {
    expect(normalizeWhitespace('John Smith')).toMatchObject({ value: 'John Smith', changed: false });
  });
  it('given a blank string, when normalised, then null', () => {
    expect(normalizeWhitespace('   ')).toMatchObject({ ok: true, value: null, changed: true });
  });
  it('given a number, when normalised, then invalid', () => {
    expect(normalizeWhitespace(12)).toEqual({ ok: false, invalid: 'not_a_string', rule: 'whitespace' });
  });
  it('given mixed case, when upper/lower cased, then changed only if different', () => {
    expect(upperCase('sw1a 1aa')).toMatchObject({ value: 'SW1A 1AA', changed: true });
    expect(lowerCase('abc')).toMatchObject({ value: 'abc', changed: false });
  });
});
