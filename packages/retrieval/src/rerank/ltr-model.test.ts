import { describe, expect, it } from 'vitest';
import { listwiseLossAndGradient, parameterCount, scoreRows, trainListwise, type LtrList } from './ltr-model.ts';
import { createRng } from '@jobskill/data';

function randomLists(rand: () => number, count: number, rows: number, inputs: number): LtrList[] {
  return Array.from({ length: count }, () => ({
    features: Float32Array.from({ length: rows * inputs }, () => rand() * 2 - 1),
    relevance: Float32Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : i % 5 === 0 ? 2 : 0)),
  }));
}

describe('listwise softmax loss', () => {
  for (const hidden of [0, 3]) {
    it(`analytic gradient matches central differences (hidden = ${hidden})`, () => {
      const rand = createRng(7);
      const inputs = 4;
      const shape = { inputs, hidden };
      const lists = randomLists(rand, 3, 6, inputs);
      const params = Float64Array.from({ length: parameterCount(shape) }, () => rand() - 0.5);
      const grad = new Float64Array(params.length);
      listwiseLossAndGradient(shape, params, lists, 0.01, grad);
      const scratch = new Float64Array(params.length);
      const h = 1e-6;
      for (let p = 0; p < params.length; p++) {
        const plus = Float64Array.from(params);
        const minus = Float64Array.from(params);
        plus[p]! += h;
        minus[p]! -= h;
        const numeric = (listwiseLossAndGradient(shape, plus, lists, 0.01, scratch) - listwiseLossAndGradient(shape, minus, lists, 0.01, scratch)) / (2 * h);
        expect(grad[p]).toBeCloseTo(numeric, 6);
      }
    });
  }

  it('is log(n) for constant scores with one relevant item and ignores lists without relevant items', () => {
    const shape = { inputs: 2, hidden: 0 };
    const params = new Float64Array(parameterCount(shape));
    const grad = new Float64Array(params.length);
    const one: LtrList = { features: new Float32Array(8), relevance: Float32Array.from([1, 0, 0, 0]) };
    const none: LtrList = { features: new Float32Array(8), relevance: new Float32Array(4) };
    expect(listwiseLossAndGradient(shape, params, [one, none], 0, grad)).toBeCloseTo(Math.log(4), 12);
  });
});

describe('trainListwise', () => {
  it('learns which feature marks relevant items, deterministically', () => {
    const rand = createRng(3);
    const inputs = 3;
    // Feature 1 is 1 for relevant rows, 0 otherwise; the others are noise.
    const lists: LtrList[] = Array.from({ length: 20 }, () => {
      const rows = 10;
      const relevance = Float32Array.from({ length: rows }, () => (rand() < 0.3 ? 1 : 0));
      const features = new Float32Array(rows * inputs);
      for (let r = 0; r < rows; r++) {
        features[r * inputs] = rand();
        features[r * inputs + 1] = relevance[r]!;
        features[r * inputs + 2] = rand();
      }
      return { features, relevance };
    });
    const run = () => trainListwise(lists, inputs, { hidden: 2, epochs: 200, learningRate: 0.05, l2: 0, seed: 1 });
    const { params, losses } = run();
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.8);
    const s = scoreRows({ inputs, hidden: 2 }, params, Float32Array.from([0.5, 1, 0.5, 0.5, 0, 0.5]), 2);
    expect(s[0]!).toBeGreaterThan(s[1]! + 1);
    expect(Array.from(run().params)).toEqual(Array.from(params));
  });
});
