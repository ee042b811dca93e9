import { describe, expect, it } from 'vitest';
import { titleCaseName } from './titleCaseName.js';

const cased = (input: string) => {
  const result = titleCaseName(input);
  return result.ok ? result.value : result.invalid;
};

describe('titleCaseName', () => {
  it.each([
    ['o\'brien', "O'Brien"],
    ['O’BRIEN', 'O’Brien'],
    ['MCDONALD', 'McDonald'],
    ['mcdonald', 'McDonald'],
    ['van der berg', 'van der Berg'],
    ['VAN DER BERG', 'van der Berg'],
    ['smith-jones', 'Smith-Jones'],
    ['ANNE-MARIE', 'Anne-Marie'],
    ['  jean   de  la fontaine ', 'Jean de la Fontaine'],
    ['élise', 'Élise'],
    ['henry viii', 'Henry VIII'],
    ['de', 'De'],
  ])('given %j, when title-cased, then %j', (input, expected) => {
    expect(cased(input)).toBe(expected);
  });

  it('given a mixed-case word, when title-cased, then kept as the source wrote it (MacDonald, DeVito)', () => {
    expect(cased('MacDonald')).toBe('MacDonald');
    expect(cased('Danny DeVito')).toBe('Danny DeVito');
  });

  it('given an already cased name, when title-cased, then unchanged', () => {
    expect(titleCaseName('Mary Smith')).toMatchObject({ value: 'Mary Smith', changed: false, rule: 'title_case_name' });
  });
});
