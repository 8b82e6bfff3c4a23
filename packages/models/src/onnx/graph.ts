import { endianness } from 'node:os';
import protobuf from 'protobufjs';
import { JobskillError } from '@jobskill/data';
import { ONNX_PROTO_JSON } from './onnx-schema.ts';

/** Element types we write. Values are onnx.TensorProto.DataType numbers. */
export const ONNX_DATA_TYPES = Object.freeze({
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float64: 11,
} as const);
export type OnnxDataType = keyof typeof ONNX_DATA_TYPES;

/** A dimension: a fixed size, or a symbolic name such as 'batch_size' (shared names mean equal sizes). */
export type OnnxDim = number | string;

export type OnnxTensorData = Float32Array | Float64Array | Int8Array | Uint8Array | Int32Array | BigInt64Array;

/** A constant tensor (initializer or TENSOR attribute). `bool` data is a Uint8Array of 0/1. */
export interface OnnxTensor {
  dtype: OnnxDataType;
  dims: readonly number[];
  data: OnnxTensorData;
}

const DATA_CTOR: Record<OnnxDataType, Function> = {
  float32: Float32Array,
  uint8: Uint8Array,
  int8: Int8Array,
  int32: Int32Array,
  int64: BigInt64Array,
  bool: Uint8Array,
  float64: Float64Array,
};

/** Explicitly typed attribute values, for when a plain number/array would be ambiguous (1 as float, [] as floats). */
export class OnnxAttribute {
  private constructor(
    readonly kind: 'float' | 'int' | 'floats' | 'ints' | 'string' | 'strings',
    readonly value: unknown,
  ) {}
  static float(value: number): OnnxAttribute {
    return new OnnxAttribute('float', value);
  }
  static int(value: number | bigint): OnnxAttribute {
    return new OnnxAttribute('int', value);
  }
  static floats(values: readonly number[]): OnnxAttribute {
    return new OnnxAttribute('floats', [...values]);
  }
  static ints(values: readonly (number | bigint)[]): OnnxAttribute {
    return new OnnxAttribute('ints', [...values]);
  }
  static strings(values: readonly string[]): OnnxAttribute {
    return new OnnxAttribute('strings', [...values]);
  }
}

/**
 * Attribute value: an integer number or bigint → INT, a non-integer number → FLOAT, string → STRING,
 * number[] → INTS if all integers else FLOATS, an OnnxTensor → TENSOR, an OnnxGraph → GRAPH (If/Loop bodies),
 * or an OnnxAttribute to force the type.
 */
export type OnnxAttributeValue = number | bigint | string | readonly (number | bigint)[] | OnnxTensor | OnnxGraph | OnnxAttribute;

interface ValueInfo {
  name: string;
  dtype: OnnxDataType;
  shape: readonly OnnxDim[] | undefined;
}

interface NodeSpec {
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttributeValue>;
  name: string;
  domain: string;
}

/** Unique-name source shared by a graph and its subgraphs (ONNX needs names unique across scopes). */
class NameAllocator {
  private readonly counts = new Map<string, number>();
  readonly used = new Set<string>();
  fresh(prefix: string): string {
    let n = this.counts.get(prefix) ?? 0;
    let name: string;
    do name = `${prefix}_${n++}`;
    while (this.used.has(name));
    this.counts.set(prefix, n);
    this.used.add(name);
    return name;
  }
}

function invalid(message: string): JobskillError {
  return new JobskillError('ONNX_INVALID_GRAPH', message);
}

function isTensor(value: unknown): value is OnnxTensor {
  return typeof value === 'object' && value !== null && 'dtype' in value && 'dims' in value && 'data' in value;
}

/** Checks that `data` has the right element type and `dims` product, and returns it as an OnnxTensor. */
export function onnxTensor(dtype: OnnxDataType, dims: readonly number[], data: OnnxTensorData): OnnxTensor {
  const ctor = DATA_CTOR[dtype];
  if (!(data instanceof ctor)) {
    throw invalid(`tensor of dtype ${dtype} needs a ${ctor.name}, got ${data.constructor.name}`);
  }
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) throw invalid(`tensor dims must be non-negative integers, got [${dims.join(', ')}]`);
  }
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw invalid(`tensor dims [${dims.join(', ')}] need ${size} elements, got ${data.length}`);
  }
  return { dtype, dims: [...dims], data };
}

/**
 * A graph under construction. Values are referred to by name; `op` adds a node with one fresh output name and
 * returns it, so graphs read like expressions: `g.op('Relu', [g.op('MatMul', [x, w])])`.
 */
export class OnnxGraph {
  readonly name: string;
  private readonly names: NameAllocator;
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly initializers: { name: string; tensor: OnnxTensor }[] = [];
  private readonly nodes: NodeSpec[] = [];
  private readonly parent: OnnxGraph | undefined;

  constructor(name: string, parent?: OnnxGraph) {
    this.name = name;
    this.parent = parent;
    this.names = parent ? parent.names : new NameAllocator();
  }

  /** A body graph for If/Loop/Scan; it may read values of this graph by name. */
  subgraph(name: string): OnnxGraph {
    return new OnnxGraph(name, this);
  }

  private claim(name: string): string {
    if (name === '') throw invalid(`graph "${this.name}": empty value name`);
    if (this.names.used.has(name)) throw invalid(`graph "${this.name}": value name "${name}" is already used`);
    this.names.used.add(name);
    return name;
  }

  /** A fresh value name with this prefix. */
  fresh(prefix: string): string {
    return this.names.fresh(prefix);
  }

  input(name: string, dtype: OnnxDataType, shape: readonly OnnxDim[]): string {
    this.inputs.push({ name: this.claim(name), dtype, shape: [...shape] });
    return name;
  }

  /** Declares an existing value (a node output, input or initializer) as a graph output. `shape` undefined = unknown rank. */
  output(name: string, dtype: OnnxDataType, shape?: readonly OnnxDim[]): string {
    if (this.outputs.some((o) => o.name === name)) throw invalid(`graph "${this.name}": output "${name}" declared twice`);
    this.outputs.push({ name, dtype, shape: shape ? [...shape] : undefined });
    return name;
  }

  initializer(name: string, tensor: OnnxTensor): string {
    const checked = onnxTensor(tensor.dtype, tensor.dims, tensor.data);
    this.initializers.push({ name: this.claim(name), tensor: checked });
    return name;
  }

  private freshInitializer(prefix: string, tensor: OnnxTensor): string {
    const name = this.fresh(prefix);
    this.initializers.push({ name, tensor: onnxTensor(tensor.dtype, tensor.dims, tensor.data) });
    return name;
  }

  /** Shorthand: a constant initializer with a fresh name. */
  constant(dtype: OnnxDataType, dims: readonly number[], data: OnnxTensorData, prefix = 'const'): string {
    return this.freshInitializer(prefix, onnxTensor(dtype, dims, data));
  }

  /** Adds a node. `outputs` gives names, or a count of fresh names. Empty-string inputs mark omitted optionals. */
  node(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[] | number,
    attributes: Record<string, OnnxAttributeValue> = {},
    options: { name?: string; domain?: string } = {},
  ): string[] {
    const outs =
      typeof outputs === 'number'
        ? Array.from({ length: outputs }, () => this.fresh(opType.toLowerCase()))
        : outputs.map((o) => this.claim(o));
    this.nodes.push({
      opType,
      inputs: [...inputs],
      outputs: outs,
      attributes,
      name: options.name ?? this.fresh(`node_${opType}`),
      domain: options.domain ?? '',
    });
    return outs;
  }

  /** Adds a single-output node and returns its (fresh or given) output name. */
  op(opType: string, inputs: readonly string[], attributes: Record<string, OnnxAttributeValue> = {}, outputName?: string): string {
    return this.node(opType, inputs, outputName === undefined ? 1 : [outputName], attributes)[0]!;
  }

  /** Names visible inside this graph (own values plus enclosing scopes), for validation. */
  private visibleFromParent(): Set<string> {
    const own = new Set<string>();
    for (const i of this.inputs) own.add(i.name);
    for (const i of this.initializers) own.add(i.name);
    for (const n of this.nodes) for (const o of n.outputs) own.add(o);
    if (this.parent) for (const n of this.parent.visibleFromParent()) own.add(n);
    return own;
  }

  /**
   * Checks topological order (every input defined before use, here or in an enclosing scope) and that outputs
   * exist, so mistakes fail here with a clear message instead of inside onnxruntime.
   */
  validate(outer: ReadonlySet<string> = new Set()): void {
    const defined = new Set<string>(outer);
    for (const i of this.inputs) defined.add(i.name);
    for (const i of this.initializers) defined.add(i.name);
    for (const n of this.nodes) {
      for (const input of n.inputs) {
        if (input !== '' && !defined.has(input)) {
          throw invalid(`graph "${this.name}": node ${n.name} (${n.opType}) reads "${input}" before it is defined`);
        }
      }
      for (const value of Object.values(n.attributes)) {
        if (value instanceof OnnxGraph) value.validate(defined);
      }
      for (const o of n.outputs) defined.add(o);
    }
    if (this.outputs.length === 0) throw invalid(`graph "${this.name}" has no outputs`);
    for (const o of this.outputs) {
      if (!defined.has(o.name)) throw invalid(`graph "${this.name}": output "${o.name}" is never computed`);
    }
  }

  /** The graph as a plain object matching onnx.GraphProto (protobufjs camelCase field names). */
  toProto(): Record<string, unknown> {
    return {
      name: this.name,
      input: this.inputs.map(valueInfoProto),
      output: this.outputs.map(valueInfoProto),
      initializer: this.initializers.map(({ name, tensor }) => tensorProto(tensor, name)),
      node: this.nodes.map((n) => ({
        name: n.name,
        opType: n.opType,
        domain: n.domain,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attributes).map(([name, value]) => attributeProto(name, value)),
      })),
    };
  }
}

function valueInfoProto(v: ValueInfo): Record<string, unknown> {
  const tensorType: Record<string, unknown> = { elemType: ONNX_DATA_TYPES[v.dtype] };
  if (v.shape) {
    tensorType.shape = {
      dim: v.shape.map((d) => {
        if (typeof d === 'string') return { dimParam: d };
        if (!Number.isInteger(d) || d < 0) throw invalid(`value "${v.name}": bad dimension ${d}`);
        return { dimValue: d };
      }),
    };
  }
  return { name: v.name, type: { tensorType } };
}

function tensorProto(t: OnnxTensor, name?: string): Record<string, unknown> {
  // raw_data is little-endian by spec; typed arrays use the host order, so refuse big-endian hosts rather than corrupt.
  if (endianness() !== 'LE') throw new JobskillError('ONNX_UNSUPPORTED', 'ONNX writing needs a little-endian host');
  const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return { name: name ?? '', dims: [...t.dims], dataType: ONNX_DATA_TYPES[t.dtype], rawData: bytes };
}

const ATTR = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

function int64(value: number | bigint): number | string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isSafeInteger(value)) throw invalid(`int attribute ${value} is not a safe integer; pass a bigint`);
  return value;
}

function attributeProto(name: string, value: OnnxAttributeValue): Record<string, unknown> {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  if (value instanceof OnnxAttribute) {
    switch (value.kind) {
      case 'float':
        return { name, type: ATTR.FLOAT, f: value.value as number };
      case 'int':
        return { name, type: ATTR.INT, i: int64(value.value as number | bigint) };
      case 'floats':
        return { name, type: ATTR.FLOATS, floats: value.value as number[] };
      case 'ints':
        return { name, type: ATTR.INTS, ints: (value.value as (number | bigint)[]).map(int64) };
      case 'string':
        return { name, type: ATTR.STRING, s: utf8(value.value as string) };
      case 'strings':
        return { name, type: ATTR.STRINGS, strings: (value.value as string[]).map(utf8) };
    }
  }
  if (value instanceof OnnxGraph) return { name, type: ATTR.GRAPH, g: value.toProto() };
  if (typeof value === 'bigint') return { name, type: ATTR.INT, i: int64(value) };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { name, type: ATTR.INT, i: int64(value) } : { name, type: ATTR.FLOAT, f: value };
  }
  if (typeof value === 'string') return { name, type: ATTR.STRING, s: utf8(value) };
  if (isTensor(value)) return { name, type: ATTR.TENSOR, t: tensorProto(onnxTensor(value.dtype, value.dims, value.data)) };
  if (Array.isArray(value)) {
    const allInts = value.every((v) => typeof v === 'bigint' || Number.isInteger(v));
    if (allInts && value.length > 0) return { name, type: ATTR.INTS, ints: value.map(int64) };
    if (value.length === 0) throw invalid(`attribute "${name}": empty list is ambiguous, use OnnxAttribute.ints/floats`);
    return { name, type: ATTR.FLOATS, floats: value.map(Number) };
  }
  throw invalid(`attribute "${name}": unsupported value`);
}

let root: protobuf.Root | undefined;
function onnxRoot(): protobuf.Root {
  root ??= protobuf.Root.fromJSON(ONNX_PROTO_JSON as unknown as protobuf.INamespace);
  return root;
}

export interface EncodeOnnxModelOptions {
  /** Default-domain opset (17: LayerNormalization, per-axis DequantizeLinear, all ops we use). */
  opset?: number;
  /** Extra operator sets, e.g. { 'com.microsoft': 1 }. */
  extraOpsets?: Record<string, number>;
  /** IR version 8 pairs with opset 17 and is read by every onnxruntime ≥ 1.12. */
  irVersion?: number;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  /** Written as metadata_props (shown by onnxruntime's modelMetadata). */
  metadata?: Record<string, string>;
}

/** Validates the graph and serializes it as an ONNX ModelProto (the bytes of a .onnx file). */
export function encodeOnnxModel(graph: OnnxGraph, options: EncodeOnnxModelOptions = {}): Uint8Array {
  graph.validate();
  const opsetImport = [{ domain: '', version: options.opset ?? 17 }];
  for (const [domain, version] of Object.entries(options.extraOpsets ?? {})) opsetImport.push({ domain, version });
  const ModelProto = onnxRoot().lookupType('onnx.ModelProto');
  const message = ModelProto.fromObject({
    irVersion: options.irVersion ?? 8,
    opsetImport,
    producerName: options.producerName ?? 'jobskill',
    producerVersion: options.producerVersion ?? '0.1.0',
    docString: options.docString ?? '',
    graph: graph.toProto(),
    metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return ModelProto.encode(message).finish();
}

/** Decodes ONNX bytes into a plain object (camelCase fields, int64 as strings), for inspection and tests. */
export function decodeOnnxModel(bytes: Uint8Array): Record<string, unknown> {
  const ModelProto = onnxRoot().lookupType('onnx.ModelProto');
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: String, bytes: Array, defaults: false }) as Record<
    string,
    unknown
  >;
}

/** Decodes ONNX bytes into the protobufjs message itself (byte fields stay Uint8Array views: cheap for big tensors). */
export function decodeOnnxMessage(bytes: Uint8Array): unknown {
  return onnxRoot().lookupType('onnx.ModelProto').decode(bytes);
}
