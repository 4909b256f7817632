import { InvalidOptionError } from './errors.js'

/** An optional positive-integer option, or its default; throws {@link InvalidOptionError} naming the field. */
export function positiveInt (field: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback
  if (!Number.isInteger(v) || v <= 0) throw new InvalidOptionError(field, `must be a positive integer, got ${String(value)}`)
  return v
}

/** The reason a signal aborted with, or a standard AbortError when it gave none. */
export function abortReason (signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}
