import { describe, expect, it } from 'vitest';
import { embedSequences, mnrlLossAndGradients, SparseAdam, type MnrlBatch, type MnrlOptions } from './mnrl.ts';
import { Prng } from '@jobskill/data';

function randomTable(rows: number, dim: number, seed: number): Float64Array {
  const prng = new Prng(seed);
  const t = new Float64Array(rows * dim);
  for (let i = 0; i < t.length; i++) t[i] = prng.normal() * 0.5;
  return t;
}

const dim = 6;
const rows = 12;
const batch: MnrlBatch = {
  // repeated ids inside a sequence and shared ids across sequences exercise gradient accumulation
  anchors: [[0, 1, 2], [3, 3], [4, 5, 1], [6]],
  positives: [[7, 8], [9, 1], [10, 11, 11, 2], [0, 5]],
  weights: [1, 2, 0.5, 1],
  masked: Uint8Array.from([0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
};

function numericalGradient(table: Float64Array, options: MnrlOptions): Float64Array {
  const h = 1e-6;
  const g = new Float64Array(table.length);
  for (let i = 0; i < table.length; i++) {
    const keep = table[i]!;
    table[i] = keep + h;
    const up = mnrlLossAndGradients(table, dim, batch, options).loss;
    table[i] = keep - h;
    const down = mnrlLossAndGradients(table, dim, batch, options).loss;
    table[i] = keep;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

describe('multiple-negatives ranking loss', () => {
  for (const symmetric of [false, true]) {
    it(`analytic gradient equals the finite-difference gradient (symmetric=${symmetric})`, () => {
      const table = randomTable(rows, dim, 7);
      const options = { scale: 20, symmetric };
      const { grads } = mnrlLossAndGradients(table, dim, batch, options);
      const numeric = numericalGradient(table, options);
      let maxErr = 0;
      let maxAbs = 0;
      for (let r = 0; r < rows; r++) {
        const g = grads.get(r);
        for (let k = 0; k < dim; k++) {
          const a = g?.[k] ?? 0;
          maxErr = Math.max(maxErr, Math.abs(a - numeric[r * dim + k]!));
          maxAbs = Math.max(maxAbs, Math.abs(numeric[r * dim + k]!));
        }
      }
      expect(maxAbs).toBeGreaterThan(1e-2);
      expect(maxErr).toBeLessThan(1e-6 * Math.max(1, maxAbs));
    });
  }

  it('equals softmax cross-entropy computed directly for an unmasked unweighted batch', () => {
    const table = randomTable(rows, dim, 3);
    const plain: MnrlBatch = { anchors: batch.anchors, positives: batch.positives };
    const ua = embedSequences(table, dim, plain.anchors);
    const ub = embedSequences(table, dim, plain.positives);
    const B = plain.anchors.length;
    let expected = 0;
    for (let i = 0; i < B; i++) {
      const logits = Array.from({ length: B }, (_, j) => {
        let d = 0;
        for (let k = 0; k < dim; k++) d += ua[i * dim + k]! * ub[j * dim + k]!;
        return 20 * d;
      });
      const z = Math.log(logits.reduce((s, l) => s + Math.exp(l), 0));
      expected += (z - logits[i]!) / B;
    }
    expect(mnrlLossAndGradients(table, dim, plain, { scale: 20, symmetric: false }).loss).toBeCloseTo(expected, 10);
  });

  it('masked negatives do not change the loss of other rows and get no gradient from the masked entry', () => {
    const table = randomTable(rows, dim, 5);
    const only: MnrlBatch = { anchors: [[0], [1]], positives: [[2], [3]], masked: Uint8Array.from([0, 1, 1, 0]) };
    // with both off-diagonals masked each row's softmax has one entry: loss 0, gradient 0
    const r = mnrlLossAndGradients(table, dim, only, { scale: 20, symmetric: true });
    expect(r.loss).toBeCloseTo(0, 12);
    for (const g of r.grads.values()) for (const x of g) expect(Math.abs(x)).toBeLessThan(1e-12);
  });

  it('sparse Adam lowers the loss and touches only the batch rows', () => {
    const table = Float32Array.from(randomTable(rows, dim, 11));
    const before = Float32Array.from(table);
    const adam = new SparseAdam(table, dim);
    const options = { scale: 20, symmetric: true };
    const plain: MnrlBatch = { anchors: [[0, 1], [2]], positives: [[3], [4, 5]] };
    const first = mnrlLossAndGradients(table, dim, plain, options).loss;
    for (let step = 0; step < 30; step++) adam.apply(mnrlLossAndGradients(table, dim, plain, options).grads, 0.05);
    expect(mnrlLossAndGradients(table, dim, plain, options).loss).toBeLessThan(first * 0.5);
    for (let r = 6; r < rows; r++) {
      expect(Array.from(table.subarray(r * dim, (r + 1) * dim))).toEqual(Array.from(before.subarray(r * dim, (r + 1) * dim)));
    }
  });
});
