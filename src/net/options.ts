export { positiveInt } from '../options.js'

/** Anything thrown, as an Error (libp2p streams' `abort` takes an Error). */
export function toError (err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}
