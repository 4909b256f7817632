/**
 * The hosted-expert set that survives a restart: experts added through the API or CLI are hosted again, and
 * experts removed stay removed (a zoo expert too). Kept in `<dataDir>/hosted-experts.json`, written atomically
 * (temp file, fsync, rename, fsync of the folder) with mode 0600.
 */
import { open, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { InvalidOptionError } from '../errors.js'

/** File name inside the data dir. */
export const HOSTED_SET_FILE = 'hosted-experts.json'
/** Largest file read, and most entries of each list. */
const MAX_BYTES = 1024 * 1024
const MAX_ENTRIES = 4_096

/** What is persisted. */
export interface HostedSet {
  /** Package folders (real paths) added at run time, in the order they were added. */
  added: string[]
  /** Ids of experts removed at run time; they are not hosted again at start. */
  removed: string[]
}

/** Write `text` to `path` atomically: a temp file in the same folder, fsynced, renamed over, the folder fsynced. */
export async function writeFileAtomic (path: string, text: string, mode = 0o600): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
  const handle = await open(tmp, 'w', mode)
  try {
    await handle.writeFile(text)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
  try {
    const dir = await open(dirname(path), 'r')
    try { await dir.sync() } finally { await dir.close() }
  } catch { /* some file systems cannot fsync a folder; the rename is still atomic */ }
}

function strings (v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.length > MAX_ENTRIES || !v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 4096)) {
    throw new InvalidOptionError(field, `must be a list of at most ${MAX_ENTRIES} non-empty strings`)
  }
  return v
}

/** Read the set (empty when the file does not exist). @throws {InvalidOptionError} naming the file when it is malformed */
export async function readHostedSet (dataDir: string): Promise<HostedSet> {
  const path = join(dataDir, HOSTED_SET_FILE)
  let text: string
  try {
    // size checked before reading: a stray huge file must not be read whole into memory at start
    if ((await stat(path)).size > MAX_BYTES) throw new InvalidOptionError(path, `is larger than ${MAX_BYTES} bytes`)
    const buf = await readFile(path)
    if (buf.byteLength > MAX_BYTES) throw new InvalidOptionError(path, `is larger than ${MAX_BYTES} bytes`)
    text = buf.toString('utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { added: [], removed: [] }
    throw err
  }
  let v: Record<string, unknown>
  try { v = JSON.parse(text) } catch { throw new InvalidOptionError(path, 'is not valid JSON; fix it or delete it') }
  if (v == null || typeof v !== 'object' || v.version !== 1) throw new InvalidOptionError(`${path}: version`, 'must be 1')
  return { added: strings(v.added, `${path}: added`), removed: strings(v.removed, `${path}: removed`) }
}

/** Write the set atomically, mode 0600. */
export async function writeHostedSet (dataDir: string, set: HostedSet): Promise<void> {
  await writeFileAtomic(join(dataDir, HOSTED_SET_FILE), JSON.stringify({ version: 1, added: set.added, removed: set.removed }, null, 2) + '\n')
}

/** The persisted set of one data dir, updated one write at a time. */
export class HostedSetStore {
  private set: HostedSet = { added: [], removed: [] }
  private writing: Promise<void> = Promise.resolve()

  constructor (private readonly dataDir: string) {}

  /** Read the file (call once at start). */
  async load (): Promise<HostedSet> {
    this.set = await readHostedSet(this.dataDir)
    return { added: [...this.set.added], removed: [...this.set.removed] }
  }

  /** Whether the expert was removed at run time (and not added again since). */
  isRemoved (expertId: string): boolean {
    return this.set.removed.includes(expertId)
  }

  /** An expert was added at run time from `dir` (a real path). */
  async recordAdded (dir: string, expertId: string): Promise<void> {
    if (!this.set.added.includes(dir)) this.set.added.push(dir)
    this.set.removed = this.set.removed.filter((id) => id !== expertId)
    await this.save()
  }

  /** An expert was removed at run time. */
  async recordRemoved (expertId: string): Promise<void> {
    if (!this.set.removed.includes(expertId)) this.set.removed.push(expertId)
    await this.save()
  }

  private async save (): Promise<void> {
    const snapshot = { added: [...this.set.added], removed: [...this.set.removed] }
    this.writing = this.writing.catch(() => {}).then(async () => { await writeHostedSet(this.dataDir, snapshot) })
    await this.writing
  }
}
