/**
 * A liar node for `bench:poison`: a daemon that hosts no honest expert, waits until it has seen the honest cards
 * of the network (advert sync and gossip), then hosts one match-everything liar (`liar-expert.ts`) built from
 * them. It takes the CLI's arguments (`--data-dir D --api A start --listen L --bootstrap B --no-mdns ...`) so
 * the bench starts it like any daemon, plus `--expect-cards N` (default 9), `--seed S`, and `--arm-file F` (host
 * the liar card only once F exists: the bench starts liars early and arms them when the poisoned phase begins).
 */
import '../../src/polyfill.js'
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { Daemon } from '../../src/node/daemon.js'
import { validateConfig } from '../../src/node/config.js'
import { liarExpert } from './liar-expert.js'

async function main (): Promise<void> {
  const { values } = parseArgs({
    strict: false,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      api: { type: 'string' },
      listen: { type: 'string', multiple: true },
      bootstrap: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      'expect-cards': { type: 'string', default: '9' },
      'arm-file': { type: 'string' },
      seed: { type: 'string', default: '1' }
    }
  })
  const config = validateConfig({
    dataDir: String(values['data-dir']),
    api: String(values.api ?? '127.0.0.1:0'),
    listen: (values.listen as string[] | undefined) ?? ['/ip4/127.0.0.1/tcp/0'],
    bootstrap: (values.bootstrap as string[] | undefined) ?? [],
    mdns: false,
    experts: [],
    zoo: false,
    validate: false,
    ...(values.timeout !== undefined ? { queryTimeoutMs: Number(values.timeout) } : {})
  })
  const daemon = await Daemon.start(config)
  const stop = (): void => { daemon.stop().finally(() => process.exit(0)) }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  const expect = Number(values['expect-cards'])
  const started = Date.now()
  while (daemon.index.entries().filter(e => !e.local).length < expect && Date.now() - started < 180_000) {
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  // started early (process start is slow on a busy host), the liar hosts its card only once armed
  const arm = values['arm-file']
  while (typeof arm === 'string' && !existsSync(arm)) await new Promise(resolve => setTimeout(resolve, 100))
  const cards = daemon.index.entries().filter(e => !e.local).map(e => e.card)
  daemon.experts.host(liarExpert({ cards, seed: Number(values.seed) }))
  process.stdout.write(`liar ${daemon.peerId} hosting a card built from ${cards.length} honest cards\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`poison-liar: ${(err as Error)?.stack ?? String(err)}\n`)
  process.exit(1)
})
