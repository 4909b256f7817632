/**
 * The validator's labelled probe sets: `{"text","label"}` JSON Lines files (the zoo's calibration splits by
 * default, or the user's own), read with the training-data reader's size limits and checks.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { readTrainingJsonl } from '../experts/jsonl.js'
import { MAX_PROBE_TEXT_CHARS, MAX_PROBES } from '../market/constants.js'
import type { Probe } from '../market/validator.js'

/** Largest probe file read. */
const MAX_PROBE_FILE_BYTES = 64 * 1024 * 1024

/** The zoo's calibration splits under `<dataDir>/zoo/calibration` (none when the folder does not exist). */
export async function defaultProbeFiles (zooDir: string): Promise<string[]> {
  const dir = join(zooDir, 'calibration')
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(dir, f))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
}

/**
 * Reads every probe file; texts are cut to MAX_PROBE_TEXT_CHARS and at most MAX_PROBES are kept.
 * @throws {TrainingDataError} naming the file and line of a malformed probe
 */
export async function loadProbeSets (files: readonly string[], options: { signal?: AbortSignal } = {}): Promise<Probe[]> {
  const out: Probe[] = []
  for (const file of files) {
    const examples = await readTrainingJsonl(file, { maxBytes: MAX_PROBE_FILE_BYTES, signal: options.signal })
    for (const e of examples) {
      if (out.length >= MAX_PROBES) return out
      out.push({ text: e.text.slice(0, MAX_PROBE_TEXT_CHARS), label: e.label })
    }
  }
  return out
}
