import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../../../src/errors.js'
import { readReceiptsFile } from '../../../src/market/receipt-file.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'moemesh-receipt-file-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('readReceiptsFile', () => {
  it('refuses what is not a regular file (a folder, a FIFO that would be read without end) with a one-line error', async () => {
    await expect(readReceiptsFile(dir)).rejects.toThrow(InvalidOptionError)
    await expect(readReceiptsFile(dir)).rejects.toThrow(/is not a regular file/)
    const fifo = join(dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    await expect(readReceiptsFile(fifo)).rejects.toThrow(/is not a regular file/)
  })

  it('refuses a missing file and reads an empty JSON list as no receipts', async () => {
    await expect(readReceiptsFile(join(dir, 'nope.json'))).rejects.toThrow(/cannot be read/)
    const empty = join(dir, 'empty.json')
    await writeFile(empty, '[]')
    await expect(readReceiptsFile(empty)).resolves.toEqual([])
  })
})
