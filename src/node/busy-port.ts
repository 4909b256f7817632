import { createServer } from 'node:net'
import { multiaddr } from '@multiformats/multiaddr'
import { InvalidOptionError } from '../errors.js'

/** Ports after a busy one that are tried when suggesting a free one. */
const SUGGESTION_TRIES = 10

/** The TCP host and port of a listen multiaddr, when it names a fixed one (`/ip4|ip6/<host>/tcp/<port>`). */
function tcpHostPort (addr: string): { host: string, port: number, family: string } | undefined {
  let components
  try { components = multiaddr(addr).getComponents() } catch { return undefined }
  const ip = components.find((c) => c.name === 'ip4' || c.name === 'ip6')
  const tcp = components.find((c) => c.name === 'tcp')
  if (ip?.value == null || tcp?.value == null) return undefined
  const port = Number(tcp.value)
  return port > 0 ? { host: ip.value, port, family: ip.name } : undefined
}

/** Resolves with the error code of binding `host:port` (`EADDRINUSE`, ...), or undefined when it is free. */
async function bindError (host: string, port: number): Promise<string | undefined> {
  return await new Promise((resolve) => {
    const server = createServer()
    server.once('error', (err: NodeJS.ErrnoException) => { resolve(err.code ?? 'ERROR') })
    server.listen({ host, port, exclusive: true }, () => { server.close(() => { resolve(undefined) }) })
  })
}

/**
 * The first TCP listen address whose port another process holds, and the same address on a nearby free port
 * (tcp/0 when none of the next few is free); undefined when none is busy. libp2p reports a busy port only in
 * the text of its error, so after a failed start the ports are tried directly.
 */
export async function findBusyListenAddr (listen: string[]): Promise<{ addr: string, suggestion: string } | undefined> {
  for (const addr of listen) {
    const hp = tcpHostPort(addr)
    if (hp == null || (await bindError(hp.host, hp.port)) !== 'EADDRINUSE') continue
    let free = 0
    for (let p = hp.port + 1; p <= Math.min(65535, hp.port + SUGGESTION_TRIES) && free === 0; p++) {
      if ((await bindError(hp.host, p)) == null) free = p
    }
    return { addr, suggestion: `/${hp.family}/${hp.host}/tcp/${free}` }
  }
  return undefined
}

/**
 * The one-line error for a libp2p start that failed because a listen port is taken (naming `--listen` and a free
 * alternative), or undefined when that was not the reason.
 */
export async function busyListenError (err: unknown, listen: string[]): Promise<InvalidOptionError | undefined> {
  if ((err as Error | undefined)?.name !== 'UnsupportedListenAddressesError') return undefined
  const busy = await findBusyListenAddr(listen)
  if (busy == null) return undefined
  return new InvalidOptionError('listen', `${busy.addr} is already in use (another moemesh node?); choose another port, e.g. --listen ${busy.suggestion}`)
}
