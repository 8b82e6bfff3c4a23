import { describe, expect, it } from 'vitest';
import ort from 'onnxruntime-node';
import { JobskillError } from '@jobskill/data';
import { OnnxAttribute, OnnxGraph, decodeOnnxModel, encodeOnnxModel, onnxTensor } from './graph.ts';

async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return { outputs: await session.run(feeds), session };
  } finally {
    await session.release();
  }
}

describe('OnnxGraph + encodeOnnxModel', () => {
  it('runs a linear layer with a symbolic batch in onnxruntime and gives the exact numbers', async () => {
    const g = new OnnxGraph('linear');
    const x = g.input('x', 'float32', ['batch', 2]);
    const w = g.initializer('w', onnxTensor('float32', [2, 3], new Float32Array([1, 2, 3, 4, 5, 6])));
    const b = g.constant('float32', [3], new Float32Array([0.5, -100, 0]));
    const y = g.op('Relu', [g.op('Add', [g.op('MatMul', [x, w]), b])], {}, 'y');
    g.output(y, 'float32', ['batch', 3]);
    const bytes = encodeOnnxModel(g, { metadata: { purpose: 'test' } });

    const { outputs, session } = await run(bytes, {
      x: new ort.Tensor('float32', new Float32Array([1, 1, 2, -1]), [2, 2]),
    });
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y']);
    // [1,1]·W = [5,7,9] + b = [5.5,-93,9] → relu; [2,-1]·W = [-2,-1,0] + b = [-1.5,-101,0] → relu
    expect(Array.from(outputs.y!.data as Float32Array)).toEqual([5.5, 0, 9, 0, 0, 0]);
    expect(outputs.y!.dims).toEqual([2, 3]);
  });

  it('gathers rows by int64 ids and honours float/int attributes', async () => {
    const g = new OnnxGraph('gather');
    const ids = g.input('ids', 'int64', ['batch', 'seq']);
    const table = g.constant('float32', [3, 2], new Float32Array([0, 0, 1, 2, 3, 4]));
    const rows = g.op('Gather', [table, ids], { axis: 0 });
    // alpha is 1.0: must be written as FLOAT, not INT, or onnxruntime rejects the node.
    const scaled = g.op('LeakyRelu', [rows], { alpha: OnnxAttribute.float(1) });
    const summed = g.op('ReduceSum', [scaled, g.constant('int64', [1], new BigInt64Array([1n]))], { keepdims: 0 }, 'sum');
    g.output(summed, 'float32', ['batch', 2]);
    const { outputs } = await run(encodeOnnxModel(g), {
      ids: new ort.Tensor('int64', new BigInt64Array([1n, 2n, 2n, 0n]), [2, 2]),
    });
    expect(Array.from(outputs.sum!.data as Float32Array)).toEqual([4, 6, 3, 4]);
  });

  it('writes If with subgraph branches that read outer values', async () => {
    const g = new OnnxGraph('branch');
    const cond = g.input('cond', 'bool', []);
    const x = g.input('x', 'float32', [2]);
    const thenG = g.subgraph('then');
    thenG.output(thenG.op('Neg', [x]), 'float32', [2]);
    const elseG = g.subgraph('else');
    elseG.output(elseG.op('Identity', [x]), 'float32', [2]);
    const [y] = g.node('If', [cond], ['y'], { then_branch: thenG, else_branch: elseG });
    g.output(y!, 'float32', [2]);
    const bytes = encodeOnnxModel(g);
    const feed = (c: boolean) => ({
      cond: new ort.Tensor('bool', new Uint8Array([c ? 1 : 0]), []),
      x: new ort.Tensor('float32', new Float32Array([1, -2]), [2]),
    });
    expect(Array.from((await run(bytes, feed(true))).outputs.y!.data as Float32Array)).toEqual([-1, 2]);
    expect(Array.from((await run(bytes, feed(false))).outputs.y!.data as Float32Array)).toEqual([1, -2]);
  });

  it('round-trips through decodeOnnxModel with opsets and metadata', () => {
    const g = new OnnxGraph('meta');
    g.output(g.op('Identity', [g.input('a', 'int64', ['n'])]), 'int64', ['n']);
    const decoded = decodeOnnxModel(encodeOnnxModel(g, { opset: 18, metadata: { k: 'v' } })) as any;
    expect(decoded.irVersion).toBe('8');
    expect(decoded.opsetImport).toEqual([{ domain: '', version: '18' }]);
    expect(decoded.metadataProps).toEqual([{ key: 'k', value: 'v' }]);
    expect(decoded.graph.input[0].type.tensorType.shape.dim).toEqual([{ dimParam: 'n' }]);
  });

  it('rejects malformed graphs with typed errors before onnxruntime sees them', () => {
    expect(() => onnxTensor('float32', [2, 2], new Float32Array(3))).toThrow(/need 4 elements, got 3/);
    expect(() => onnxTensor('int64', [1], new Float32Array(1) as never)).toThrow(/needs a BigInt64Array/);

    const g = new OnnxGraph('bad');
    g.input('x', 'float32', [1]);
    expect(() => g.input('x', 'float32', [1])).toThrow(/already used/);
    g.output(g.op('Add', ['x', 'missing']), 'float32', [1]);
    expect(() => encodeOnnxModel(g)).toThrow(JobskillError);
    expect(() => encodeOnnxModel(g)).toThrow(/reads "missing" before it is defined/);

    const h = new OnnxGraph('no-out');
    h.input('x', 'float32', [1]);
    h.output('y', 'float32', [1]);
    expect(() => encodeOnnxModel(h)).toThrow(/output "y" is never computed/);
  });
});
