/**
 * The node daemon: config, identity, hosted experts and the assembly of every layer into one running node.
 *
 * @example
 * ```ts
 * import { Daemon, loadConfig, defaultDataDir } from './node/index.js'
 * const daemon = await Daemon.start(await loadConfig(defaultDataDir(), { mdns: false }))
 * const answer = await daemon.query({ text: 'a small furry animal that hunts mice' })
 * console.log(answer.label, answer.experts.map((e) => `${e.name}@${e.peer}`))
 * await daemon.stop()
 * ```
 */
export { Daemon, IDENTITY_FILE, type DaemonOptions } from './daemon.js'
export { startDaemon, type StartDaemonOptions } from './start-daemon.js'
export { ServingPolicy, type ServingPolicyComponents, type ServingLedger } from './serving-policy.js'
export { nodeLogger } from './node-logger.js'
export { NodeMetrics, QUERY_OUTCOMES, type NodeMetricsInit, type QueryOutcome, type ServedKind, type ServingMetrics } from './metrics.js'
export type { DaemonStatus, ExpertView, PeerView, HostedExpertView, RemovedExpert, QueryRequest } from '../api/types.js'
export { DEFAULT_CONFIG, CONFIG_FILE, CONFIG_FIELDS, defaultDataDir, loadConfig, validateConfig, readConfigFile, configFromEnv, parseHostPort, isLoopbackHost, type NodeConfig } from './config.js'
export { HostedExperts, type HostedExpertsInit } from './hosted-experts.js'
export { runHostedExperts, type RunQuery, type ExpertRunnerComponents } from './expert-runner.js'
export { NodeDispatcher } from './dispatcher.js'
export * from './errors.js'
