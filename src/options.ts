/**
 * The one set of option validators every layer uses. Each throws {@link InvalidOptionError} naming the field and
 * the range, so a user sees what to change; none of them coerces a wrong type.
 */
import { InvalidOptionError } from './errors.js'

/** An optional positive-integer option, or its default. */
export function positiveInt (field: string, value: number | undefined, fallback: number): number {
  return intInRange(field, value, fallback, 1, Number.MAX_SAFE_INTEGER)
}

/** An optional integer option in `min..max` (inclusive), or its default. */
export function intInRange (field: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value ?? fallback
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new InvalidOptionError(field, max === Number.MAX_SAFE_INTEGER && min === 1
      ? `must be a positive integer, got ${String(value)}`
      : `must be an integer in ${min}..${max}, got ${String(value)}`)
  }
  return v
}

/**
 * An optional finite number in a range, or its default. `min` is inclusive unless `minExclusive` (a fraction
 * that must stay above 0, say); `max` is inclusive.
 */
export function numberInRange (field: string, value: number | undefined, fallback: number, min: number, max: number, options: { minExclusive?: boolean } = {}): number {
  const v = value ?? fallback
  const belowMin = options.minExclusive === true ? v <= min : v < min
  if (typeof v !== 'number' || !Number.isFinite(v) || belowMin || v > max) {
    throw new InvalidOptionError(field, `must be a number ${options.minExclusive === true ? '>' : '>='} ${min} and <= ${max}, got ${String(value)}`)
  }
  return v
}

/** A duration option in milliseconds: a finite number > 0 and <= `max`, or its default. */
export function durationMs (field: string, value: number | undefined, fallback: number, max: number): number {
  const v = value ?? fallback
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max) {
    throw new InvalidOptionError(field, `must be a number of milliseconds > 0 and <= ${max}, got ${String(value)}`)
  }
  return v
}

/** The reason a signal aborted with, or a standard AbortError when it gave none. */
export function abortReason (signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}
