import { loadConfig, parseHostPort } from '../node/config.js'
import { MoemeshError } from '../errors.js'

/** The daemon could not be reached, or it answered with an error. */
export class DaemonError extends MoemeshError {}

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

/** Call the daemon's HTTP API; errors become one-line {@link DaemonError}s. */
export async function callApi (target: ApiTarget, method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (target.token != null) headers.authorization = `Bearer ${target.token}`
  let res: Response
  try {
    res = await fetch(`${target.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) })
  } catch (err) {
    throw new DaemonError(`no moemesh daemon answers at ${target.url} (${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}); start one with \`moemesh start\` or pass --api host:port`, 'DAEMON_UNREACHABLE')
  }
  const text = await res.text()
  let parsed: unknown
  try { parsed = text === '' ? {} : JSON.parse(text) } catch { throw new DaemonError(`the daemon at ${target.url} sent a non-JSON answer (HTTP ${res.status})`, 'BAD_RESPONSE') }
  if (!res.ok) {
    const e = (parsed as { error?: { code?: string, message?: string } }).error
    throw new DaemonError(e?.message ?? `HTTP ${res.status}`, e?.code ?? 'HTTP_ERROR')
  }
  return parsed
}
