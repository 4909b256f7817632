/**
 * moemesh as a library: start a node in your process, or talk to a running one over its HTTP API.
 *
 * @example
 * ```ts
 * import { startDaemon, MoemeshClient } from 'moemesh'
 *
 * const daemon = await startDaemon({ dataDir: './node-a', listen: ['/ip4/127.0.0.1/tcp/0'], api: '127.0.0.1:0', mdns: false })
 * const answer = await daemon.query({ text: 'a small furry animal that hunts mice', k: 2 })
 * console.log(answer.label, answer.experts.map((e) => e.name))
 *
 * const client = new MoemeshClient({ url: `http://${daemon.apiAddress}` })
 * console.log((await client.status({ signal: AbortSignal.timeout(2_000) })).cardsKnown)
 * await daemon.stop()
 * ```
 *
 * @packageDocumentation
 */
// libp2p 3 needs Promise.withResolvers, which Node 20 lacks: installed before anything loads libp2p.
import './polyfill.js'

// Running a node
export { Daemon, IDENTITY_FILE, type DaemonOptions } from './node/daemon.js'
export { startDaemon, type StartDaemonOptions } from './node/start-daemon.js'
export { DEFAULT_CONFIG, CONFIG_FIELDS, defaultDataDir, loadConfig, validateConfig, type NodeConfig } from './node/config.js'
export { nodeLogger } from './node/node-logger.js'

// Talking to a running node
export { MoemeshClient, MAX_RESPONSE_BYTES, type MoemeshClientInit, type CallOptions } from './api/client.js'
export type { DaemonStatus, ExpertView, PeerView, HostedExpertView, RemovedExpert, QueryRequest, Strategy } from './api/types.js'

// Experts
export type { Expert, ExpertQuery } from './experts/expert.js'

// Routing answers
export type { RoutedAnswer, RoutedExpert, FailedExpert, ExpertAnswerView } from './routing/routed-answer.js'

// Errors: branch on `name` or `code`, never on the message
export { MoemeshError, InvalidOptionError } from './errors.js'
export { DaemonError, DaemonUnreachableError, DaemonTimeoutError, DaemonBadResponseError, DaemonRequestError } from './api/errors.js'
export { DaemonNotRunningError, QueryDeadlineError, UnknownExpertError, DuplicateExpertError } from './node/errors.js'
export {
  NoMatchingExpertError, QueryFailedError, ExpertCallError, ExpertTimeoutError, ExpertUnreachableError, ExpertAnswerError,
  InvalidExpertAnswerError, ExpertCancelledError, type NoMatchReason
} from './routing/errors.js'
export { ExpertPackageError, SpaceMismatchError, OverloadedError } from './experts/errors.js'
