/**
 * The options every way of making an expert package shares (`trainExpert`, `describeExpert`), validated once:
 * the name, how many capability vectors, the seed, the embedding batch size and the price.
 */
import { InvalidOptionError } from '../errors.js'
import { MAX_PRICE_CREDITS } from '../constants.js'
import { intInRange, numberInRange } from '../options.js'
import { MAX_CAPABILITY_VECTORS } from './capability.js'
import { toExpertName } from './manifest.js'

/** The shared options as given. */
export interface PackageOptionsInput {
  name?: unknown
  centroids?: number
  seed?: number
  embedBatchSize?: number
  price?: number
}

/** The shared options, validated, with their defaults. */
export interface PackageOptions {
  name: string
  /** Capability vectors (k-means centroids). @default 8 */
  centroids: number
  /** @default 42 */
  seed: number
  /** @default 64 */
  embedBatchSize: number
  /** Credits per answer. @default 0 */
  price: number
}

/** Validates the shared options; throws {@link InvalidOptionError} naming the field and the fix. */
export function packageOptions (options: PackageOptionsInput): PackageOptions {
  const name = options.name
  if (typeof name !== 'string' || name === '' || name !== toExpertName(name)) {
    const hint = toExpertName(String(name ?? ''))
    throw new InvalidOptionError('name', `"${String(name)}" is not a kebab-case name of at most 64 characters; try "${hint !== '' ? hint : 'my-expert'}"`)
  }
  return {
    name,
    centroids: intInRange('centroids', options.centroids, 8, 1, MAX_CAPABILITY_VECTORS),
    seed: intInRange('seed', options.seed, 42, 0, 0xffffffff),
    embedBatchSize: intInRange('embedBatchSize', options.embedBatchSize, 64, 1, 65_536),
    price: numberInRange('price', options.price, 0, 0, MAX_PRICE_CREDITS)
  }
}
