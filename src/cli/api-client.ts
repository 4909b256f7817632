import { MoemeshClient } from '../api/client.js'
import { loadConfig, parseHostPort } from '../node/config.js'

/** Where and how the CLI talks to a running daemon. */
export interface ApiTarget {
  url: string
  token?: string
}

/** Resolve the daemon's API from `--api`/`--api-token` flags, else the data dir's config and environment. */
export async function resolveApiTarget (dataDir: string, flags: { api?: string, apiToken?: string }): Promise<ApiTarget> {
  const config = await loadConfig(dataDir, {})
  const api = flags.api ?? config.api
  const { host, port } = parseHostPort(api, '--api')
  const h = host.includes(':') ? `[${host}]` : (host === '0.0.0.0' ? '127.0.0.1' : host)
  return { url: `http://${h}:${port}`, token: flags.apiToken ?? config.apiToken }
}

/** A client of the daemon the flags (or the data dir's config) name; see {@link resolveApiTarget}. */
export async function daemonClient (dataDir: string, flags: { api?: string, apiToken?: string }, timeoutMs?: number): Promise<MoemeshClient> {
  return new MoemeshClient({ ...(await resolveApiTarget(dataDir, flags)), timeoutMs })
}
