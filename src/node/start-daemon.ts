import { InvalidOptionError } from '../errors.js'
import { CONFIG_FIELDS, defaultDataDir, validateConfig, type NodeConfig } from './config.js'
import { Daemon, type DaemonOptions } from './daemon.js'

/**
 * Options of {@link startDaemon}: any {@link NodeConfig} field (each defaults to {@link DEFAULT_CONFIG}'s, and
 * `dataDir` to `$MOEMESH_HOME` or `~/.moemesh`) and any {@link DaemonOptions} field, in one plain object.
 */
export interface StartDaemonOptions extends Partial<NodeConfig>, DaemonOptions {}

/** The fields of {@link DaemonOptions}; the compiler checks the list is complete. */
const DAEMON_OPTION_FIELDS = Object.keys({
  embedderModel: true, backendMode: true, transport: true, advertRefreshMs: true, advertTtlMs: true, advertSync: true,
  dht: true, logger: true, onProgress: true, signal: true, receipts: true
} satisfies Record<keyof DaemonOptions, true>)

/**
 * Start a node from one plain object: the config part is validated with defaults filled in (no config file or
 * environment is read, unlike the CLI's `loadConfig`), the rest goes to {@link Daemon.start}. An unknown field is
 * an {@link InvalidOptionError} naming it.
 *
 * @example
 * ```ts
 * const daemon = await startDaemon({ dataDir: './node-a', listen: ['/ip4/127.0.0.1/tcp/0'], api: '127.0.0.1:0', mdns: false })
 * const answer = await daemon.query({ text: 'a small furry animal that hunts mice', k: 2 })
 * await daemon.stop()
 * ```
 */
export async function startDaemon (options: StartDaemonOptions = {}): Promise<Daemon> {
  const config: Record<string, unknown> = { dataDir: defaultDataDir() }
  const daemonOptions: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(options)) {
    if (value === undefined) continue
    if ((CONFIG_FIELDS as readonly string[]).includes(field)) config[field] = value
    else if (DAEMON_OPTION_FIELDS.includes(field)) daemonOptions[field] = value
    else throw new InvalidOptionError(field, `is not an option of startDaemon; known: ${[...CONFIG_FIELDS, ...DAEMON_OPTION_FIELDS].join(', ')}`)
  }
  return await Daemon.start(validateConfig(config as Partial<NodeConfig> & { dataDir: string }), daemonOptions as DaemonOptions)
}
