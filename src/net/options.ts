import { InvalidOptionError } from '../errors.js'

/** An optional positive-integer option, or its default; throws naming the field otherwise. */
export function positiveInt (field: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback
  if (!Number.isInteger(v) || v <= 0) throw new InvalidOptionError(field, `must be a positive integer, got ${String(value)}`)
  return v
}

/** Anything thrown, as an Error (libp2p streams' `abort` takes an Error). */
export function toError (err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}
