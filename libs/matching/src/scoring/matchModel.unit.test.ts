import { describe, expect, it } from 'vitest';
import { person } from '../__fixtures__/person.js';
import { InvalidModelError } from '../matchingError.js';
import { prepareRecord } from '../prepareRecord.js';
import { classify } from './classify.js';
import { defaultModel, parseModel, serializeModel } from './matchModel.js';
import { scorePair } from './scorePair.js';
import { scoreVector } from './scoreVector.js';

describe('match model', () => {
  it('given a model, when serialised and parsed, then it is unchanged', () => {
    const model = defaultModel('v7');
    expect(parseModel(serializeModel(model))).toEqual(model);
  });

  it('given a model with a wrong number of levels, when parsed, then InvalidModelError names the field', () => {
    const bad = { ...defaultModel(), fields: { ...defaultModel().fields, email: { m: [1], u: [1] } } };
    expect(() => parseModel(JSON.stringify(bad))).toThrow(InvalidModelError);
    expect(() => parseModel(JSON.stringify(bad))).toThrow(/fields.email/);
    expect(() => parseModel('{nope')).toThrow(InvalidModelError);
  });

  it('given more agreement, when scored, then the weight grows and nulls add nothing', () => {
    const model = defaultModel();
    const none = scoreVector(new Array(9).fill(null), model);
    expect(none.weight).toBeCloseTo(Math.log2(model.lambda / (1 - model.lambda)));
    const some = scoreVector([3, 3, null, null, null, null, null, null, null], model);
    const more = scoreVector([3, 3, 2, 2, null, null, null, null, null], model);
    expect(more.weight).toBeGreaterThan(some.weight);
    expect(more.probability).toBeGreaterThan(some.probability);
  });

  it('given probabilities around the thresholds, when classified, then MATCH / REVIEW / NON_MATCH', () => {
    expect(classify(0.8)).toBe('MATCH');
    expect(classify(0.79)).toBe('REVIEW');
    expect(classify(0.5)).toBe('REVIEW');
    expect(classify(0.49)).toBe('NON_MATCH');
    expect(classify(0.9, { confidence_threshold: 0.95, review_threshold: 0.6 })).toBe('REVIEW');
  });

  it('given the same person in two tenants, when scored, then it is a non-match with probability 0', () => {
    const a = prepareRecord(person('crm:customer:1', { tenant_id: 'acme' }));
    const b = prepareRecord(person('crm:customer:1', { tenant_id: 'globex' }));
    expect(scorePair(a, b, defaultModel())).toMatchObject({ probability: 0, decision: 'NON_MATCH' });
    const c = prepareRecord(person('erp:account:9', { tenant_id: 'acme', given_name: 'Bob' }));
    expect(scorePair(a, c, defaultModel()).decision).toBe('MATCH');
  });
});
