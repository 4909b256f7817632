/**
 * The command line of a benchmark script: `--help` prints its usage and exits 0; a bad flag prints the error and
 * the usage and exits 2. Shared by the bench scripts so each only declares its flags and checks its values.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { out } from '../../src/cli/output.js'

/** A parsed bench command line. */
export interface BenchCli {
  values: Record<string, string | undefined>
  /** Print `message` and the usage line, exit 2. */
  usage: (message: string) => never
  /** The integer flag `--name`, or usage() when it is not an integer from lo to hi. */
  int: (name: string, lo: number, hi: number) => number
}

/** A function that prints `name: message` and the usage line, and exits 2. */
export function benchUsage (name: string, usageLine: string): (message: string) => never {
  return (message: string): never => {
    out.error(`${name}: ${message}`)
    out.error(usageLine)
    process.exit(2)
  }
}

/** Parse `process.argv` for the bench `name` (e.g. `bench:latency`) with string `options`. */
export function benchCli (name: string, usageLine: string, options: NonNullable<ParseArgsConfig['options']>): BenchCli {
  const usage = benchUsage(name, usageLine)
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    out.line(usageLine)
    process.exit(0)
  }
  let values: Record<string, string | undefined> = {}
  try {
    values = parseArgs({ options }).values as Record<string, string | undefined>
  } catch (err) {
    usage((err as Error).message)
  }
  const int = (flag: string, lo: number, hi: number): number => {
    const v = Number(values[flag])
    if (!Number.isInteger(v) || v < lo || v > hi) usage(`--${flag} must be an integer from ${lo} to ${hi}, got "${String(values[flag])}"`)
    return v
  }
  return { values, usage, int }
}
