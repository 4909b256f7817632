/** Element types moemesh models use. */
export type TensorType = 'float32' | 'int64'

/**
 * A plain tensor: structured-clone friendly, so it crosses worker/process boundaries unchanged.
 * `data.length` equals the product of `dims`.
 */
export type Tensor =
  | { type: 'float32', data: Float32Array, dims: number[] }
  | { type: 'int64', data: BigInt64Array, dims: number[] }

/** Named model inputs or outputs. */
export type TensorMap = Record<string, Tensor>

/** Build a float32 tensor. */
export function floatTensor (data: Float32Array, dims: number[]): Tensor {
  return { type: 'float32', data, dims }
}

/** Build an int64 tensor. */
export function int64Tensor (data: BigInt64Array, dims: number[]): Tensor {
  return { type: 'int64', data, dims }
}
