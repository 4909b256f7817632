/**
 * Where experts may be loaded from over the API: only package folders under the configured roots
 * (`--experts-root`, default the data dir, which holds the zoo). Every path is resolved with realpath, the folder
 * and each package file in it, so a symlink inside a package that points outside the roots is refused too.
 */
import { readdir, realpath } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { ExpertPathNotAllowedError } from './errors.js'

/** The files of a package whose real location is checked (the others are never read). */
const PACKAGE_FILES = ['expert.json', 'model.onnx', 'capability.bin']

function isUnder (path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)
}

/**
 * The real path of `dir` when it and every package file in it lie under one of `roots`.
 *
 * @throws {ExpertPathNotAllowedError} the same error, with the same message, whether the folder is missing,
 *   unreadable, outside the roots, or holds a file that resolves outside them: nothing tells them apart
 */
export async function allowedPackageDir (dir: string, roots: readonly string[], options: { signal?: AbortSignal } = {}): Promise<string> {
  options.signal?.throwIfAborted()
  const refuse = (): never => { throw new ExpertPathNotAllowedError() }
  const realRoots: string[] = []
  for (const root of roots) {
    try { realRoots.push(await realpath(root)) } catch { /* a root that does not exist allows nothing */ }
  }
  let real: string
  let names: string[]
  try {
    real = await realpath(dir)
    names = await readdir(real)
  } catch {
    return refuse()
  }
  const root = realRoots.find((r) => isUnder(real, r))
  if (root === undefined) return refuse()
  for (const name of names) {
    if (!PACKAGE_FILES.includes(name)) continue
    let file: string
    try { file = await realpath(join(real, name)) } catch { return refuse() }
    if (!isUnder(file, root)) return refuse()
  }
  return real
}
