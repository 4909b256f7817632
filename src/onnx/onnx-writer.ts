import { onnx } from '../gen/onnx.js'
import type { Tensor, TensorType } from './tensor.js'

/** ONNX IR version we write: IR 8 with opset 17 is what onnxruntime-node 1.30 and every current runtime read. */
export const ONNX_IR_VERSION = 8
/** Default-domain opset we target. From opset 13, ReduceSum/Unsqueeze take axes as an int64 input. */
export const ONNX_OPSET = 17

const ELEM_TYPE: Record<TensorType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64
}

/** An attribute value, tagged with its ONNX kind (a JS number alone cannot say int or float). */
export type AttrValue =
  | { kind: 'int', value: number }
  | { kind: 'float', value: number }
  | { kind: 'ints', value: number[] }
  | { kind: 'floats', value: number[] }
  | { kind: 'string', value: string }

/** Attribute constructors: `{ axis: attr.int(1) }`. */
export const attr = {
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  ints: (value: number[]): AttrValue => ({ kind: 'ints', value }),
  floats: (value: number[]): AttrValue => ({ kind: 'floats', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value })
}

/** Options for {@link GraphBuilder.build}. */
export interface BuildOptions {
  /** @default 'moemesh' */
  producerName?: string
  /** @default '0.1.0' */
  producerVersion?: string
  /** Free text stored in the model. */
  docString?: string
  /**
   * Key/value metadata stored in the model (ModelProto.metadata_props), e.g. the embedder's vocabulary and
   * tokenizer settings. Keys are written in sorted order so the bytes are deterministic.
   */
  metadata?: Record<string, string>
}

/** Little-endian bytes of a typed array (ONNX raw_data is little-endian whatever the host). */
function rawBytes (tensor: Tensor): Uint8Array {
  const src = tensor.data
  const out = new Uint8Array(src.length * (tensor.type === 'int64' ? 8 : 4))
  const view = new DataView(out.buffer)
  if (tensor.type === 'int64') {
    for (let i = 0; i < tensor.data.length; i++) view.setBigInt64(i * 8, tensor.data[i], true)
  } else {
    for (let i = 0; i < tensor.data.length; i++) view.setFloat32(i * 4, tensor.data[i], true)
  }
  return out
}

function tensorProto (name: string, tensor: Tensor): onnx.ITensorProto {
  const expected = tensor.dims.reduce((a, b) => a * b, 1)
  if (expected !== tensor.data.length) {
    throw new RangeError(`initializer ${name}: dims [${tensor.dims.join(', ')}] hold ${expected} values but data has ${tensor.data.length}`)
  }
  return { name, dims: tensor.dims, dataType: ELEM_TYPE[tensor.type], rawData: rawBytes(tensor) }
}

function valueInfo (name: string, type: TensorType, dims: Array<number | string>): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM_TYPE[type],
        shape: { dim: dims.map((d) => typeof d === 'number' ? { dimValue: d } : { dimParam: d }) }
      }
    }
  }
}

function attribute (name: string, value: AttrValue): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType
  switch (value.kind) {
    case 'int': return { name, type: T.INT, i: value.value }
    case 'float': return { name, type: T.FLOAT, f: value.value }
    case 'ints': return { name, type: T.INTS, ints: value.value }
    case 'floats': return { name, type: T.FLOATS, floats: value.value }
    case 'string': return { name, type: T.STRING, s: new TextEncoder().encode(value.value) }
  }
}

/**
 * Builds an ONNX model graph and serialises it with our own protobuf schema (proto/onnx.proto).
 *
 * @example
 * ```ts
 * const g = new GraphBuilder('head')
 * g.input('x', 'float32', ['N', 4]).output('y', 'float32', ['N', 3])
 * g.initializer('W', floatTensor(w, [4, 3])).initializer('b', floatTensor(b, [3]))
 * g.node('Gemm', ['x', 'W', 'b'], ['logits']).node('Softmax', ['logits'], ['y'], { axis: attr.int(-1) })
 * const bytes = g.build()
 * ```
 */
export class GraphBuilder {
  private readonly name: string
  private readonly inputs: onnx.IValueInfoProto[] = []
  private readonly outputs: onnx.IValueInfoProto[] = []
  private readonly initializers: onnx.ITensorProto[] = []
  private readonly nodes: onnx.INodeProto[] = []
  private readonly names = new Set<string>()
  private counter = 0

  constructor (name: string) {
    this.name = name
  }

  /** Declare a graph input. String dims are symbolic (`'N'` lets one session serve any batch size). */
  input (name: string, type: TensorType, dims: Array<number | string>): this {
    this.claim(name)
    this.inputs.push(valueInfo(name, type, dims))
    return this
  }

  /** Declare a graph output (it must be produced by some node). */
  output (name: string, type: TensorType, dims: Array<number | string>): this {
    this.outputs.push(valueInfo(name, type, dims))
    return this
  }

  /** Add a constant weight tensor, stored as little-endian raw_data. */
  initializer (name: string, tensor: Tensor): this {
    this.claim(name)
    this.initializers.push(tensorProto(name, tensor))
    return this
  }

  /** Add an int64 constant (e.g. the `axes` input of ReduceSum/Unsqueeze) and return its name. */
  constInt64 (values: number[], hint = 'const'): string {
    const name = this.fresh(hint)
    this.initializers.push(tensorProto(name, { type: 'int64', data: BigInt64Array.from(values.map(BigInt)), dims: [values.length] }))
    return name
  }

  /** Add a float32 constant of the given shape and return its name. */
  constFloat (values: ArrayLike<number>, dims: number[], hint = 'const'): string {
    const name = this.fresh(hint)
    this.initializers.push(tensorProto(name, { type: 'float32', data: Float32Array.from(values), dims }))
    return name
  }

  /** Add an operator node. `outputs` are new value names. */
  node (opType: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue> = {}): this {
    this.nodes.push({
      opType,
      input: inputs,
      output: outputs,
      name: `${opType}_${this.nodes.length}`,
      attribute: Object.keys(attrs).sort().map((k) => attribute(k, attrs[k]))
    })
    return this
  }

  /** A fresh intermediate value name with a readable prefix. */
  fresh (hint: string): string {
    let name: string
    do { name = `${hint}_${this.counter++}` } while (this.names.has(name))
    this.names.add(name)
    return name
  }

  /** Serialise the model. Same graph, same options: same bytes. */
  build (options: BuildOptions = {}): Uint8Array {
    const metadata = options.metadata ?? {}
    const model: onnx.IModelProto = {
      irVersion: ONNX_IR_VERSION,
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      producerName: options.producerName ?? 'moemesh',
      producerVersion: options.producerVersion ?? '0.1.0',
      docString: options.docString ?? '',
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs
      },
      metadataProps: Object.keys(metadata).sort().map((key) => ({ key, value: metadata[key] }))
    }
    return onnx.ModelProto.encode(model).finish()
  }

  private claim (name: string): void {
    if (this.names.has(name)) throw new RangeError(`value name "${name}" is already used in graph ${this.name}`)
    this.names.add(name)
  }
}

/** What {@link inspectModel} reads back from model bytes without running them. */
export interface ModelSummary {
  irVersion: number
  opset: number
  inputs: Array<{ name: string, type: TensorType | 'other', dims: Array<number | string> }>
  outputs: Array<{ name: string, type: TensorType | 'other', dims: Array<number | string> }>
  metadata: Record<string, string>
}

function describe (v: onnx.IValueInfoProto): ModelSummary['inputs'][number] {
  const t = v.type?.tensorType
  const elem = t?.elemType
  const type = elem === ELEM_TYPE.float32 ? 'float32' : elem === ELEM_TYPE.int64 ? 'int64' : 'other'
  const dims = (t?.shape?.dim ?? []).map((d) => d.dimParam != null && d.dimParam !== '' ? d.dimParam : Number(d.dimValue ?? 0))
  return { name: v.name ?? '', type, dims }
}

/**
 * Decode a model's interface and metadata (for validation of expert packages and embedders). Throws a
 * RangeError when the bytes are not an ONNX model.
 */
export function inspectModel (bytes: Uint8Array): ModelSummary {
  let model: onnx.ModelProto
  try {
    model = onnx.ModelProto.decode(bytes)
  } catch (err) {
    throw new RangeError(`not an ONNX model: ${(err as Error).message}`)
  }
  if (model.graph == null) throw new RangeError('not an ONNX model: it has no graph')
  const initNames = new Set((model.graph.initializer ?? []).map((t) => t.name))
  const metadata: Record<string, string> = {}
  for (const p of model.metadataProps ?? []) metadata[p.key ?? ''] = p.value ?? ''
  const opset = (model.opsetImport ?? []).find((o) => o.domain == null || o.domain === '')?.version
  return {
    irVersion: Number(model.irVersion),
    opset: Number(opset ?? 0),
    // Older exporters list initializers among the inputs too; those are not inputs a caller feeds.
    inputs: (model.graph.input ?? []).filter((v) => !initNames.has(v.name ?? '')).map(describe),
    outputs: (model.graph.output ?? []).map(describe),
    metadata
  }
}

/** Where a float32 initializer's values lie in a model file: its dims, and the byte range of its raw data. */
export interface InitializerLocation {
  dims: number[]
  /** Byte offset of the little-endian float32 values in the model bytes. */
  offset: number
  /** Bytes of values (4 x the element count). */
  length: number
}

/**
 * Finds a float32 initializer stored as raw data (how our writer stores every table), so a caller can read its
 * rows straight from the model bytes or file. Undefined when the model has no such initializer.
 */
export function locateInitializer (bytes: Uint8Array, name: string): InitializerLocation | undefined {
  const model = onnx.ModelProto.decode(bytes)
  const t = (model.graph?.initializer ?? []).find((i) => i.name === name)
  if (t == null || t.dataType !== onnx.TensorProto.DataType.FLOAT || t.rawData == null) return undefined
  const raw = t.rawData
  // protobufjs hands bytes fields out as views of the input: their position is the offset in the file
  if (raw.buffer !== bytes.buffer) return undefined
  const dims = (t.dims ?? []).map(Number)
  const length = raw.byteLength
  if (dims.reduce((a, b) => a * b, 1) * 4 !== length) return undefined
  return { dims, offset: raw.byteOffset - bytes.byteOffset, length }
}
