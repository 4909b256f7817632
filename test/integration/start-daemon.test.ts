/**
 * startDaemon as a library user calls it: one plain object in, a running node (or one clear error) out.
 */
import { createServer, type Server } from 'node:net'
import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { startDaemon, type StartDaemonOptions } from '../../src/node/start-daemon.js'
import type { Daemon } from '../../src/node/daemon.js'
import { InvalidOptionError } from '../../src/errors.js'
import { buildTestEmbedder, tempDir } from '../helpers/network.js'

const embedderModel = buildTestEmbedder()
const cleanup: Array<() => Promise<void>> = []
afterEach(async () => { for (const fn of cleanup.splice(0).reverse()) await fn() })

async function options (extra: StartDaemonOptions = {}): Promise<StartDaemonOptions> {
  const dataDir = await tempDir('start-daemon')
  cleanup.push(async () => { await rm(dataDir, { recursive: true, force: true }) })
  return { dataDir, listen: ['/ip4/127.0.0.1/tcp/0'], api: '127.0.0.1:0', mdns: false, zoo: false, dht: false, backendMode: 'in-process', embedderModel, ...extra }
}

async function started (o: StartDaemonOptions): Promise<Daemon> {
  const daemon = await startDaemon(o)
  cleanup.push(async () => { await daemon.stop() })
  return daemon
}

async function holdPort (): Promise<number> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanup.push(async () => { await new Promise((resolve) => server.close(resolve)) })
  return (server.address() as { port: number }).port
}

describe('startDaemon', () => {
  it('starts a node from a plain object, with defaults for the rest, and reports a typed status', async () => {
    const daemon = await started(await options({ k: 3 }))
    expect(daemon.config.k).toBe(3)
    expect(daemon.config.strategy).toBe('top1')
    const status = daemon.status()
    expect(status.peerId).toBe(daemon.peerId)
    expect(status.api).toBe(daemon.apiAddress)
    expect(status.cardsKnown).toBe(0)
    expect(status.queryServer.requestsAnswered).toBe(0)
    expect(status.advertSync.served).toBe(0)
    // the HTTP API still shows the JSON it always had
    const json = await (await fetch(`http://${daemon.apiAddress}/v1/status`)).json() as Record<string, unknown>
    expect(json).toMatchObject({ peerId: daemon.peerId, cards_known: 0, query_server: { requestsAnswered: 0 } })
  })

  it('refuses an unknown field or a bad value, naming it, before anything starts', async () => {
    await expect(startDaemon({ ...(await options()), queryTimeout: 5 } as StartDaemonOptions)).rejects.toThrow(/^queryTimeout: is not an option of startDaemon/)
    await expect(startDaemon(await options({ k: 99 }))).rejects.toBeInstanceOf(InvalidOptionError)
  })

  it('says which listen address is taken and suggests a free one', async () => {
    const port = await holdPort()
    const err = await started(await options({ listen: [`/ip4/127.0.0.1/tcp/${port}`] })).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InvalidOptionError)
    expect((err as InvalidOptionError).field).toBe('listen')
    const m = new RegExp(`^listen: /ip4/127.0.0.1/tcp/${port} is already in use \\(another moemesh node\\?\\); choose another port, e\\.g\\. --listen (/ip4/127\\.0\\.0\\.1/tcp/\\d+)$`).exec((err as Error).message)
    expect(m).not.toBeNull()
    // the suggestion works
    await started(await options({ listen: [m?.[1] ?? ''] }))
  })

  it('says the API address is taken', async () => {
    const port = await holdPort()
    await expect(startDaemon(await options({ api: `127.0.0.1:${port}` }))).rejects.toThrow(`api: 127.0.0.1:${port} is already in use`)
  })
})
