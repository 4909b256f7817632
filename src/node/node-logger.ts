import { logger, type ComponentLogger, type Logger } from '@libp2p/logger'

/**
 * One node's component logger: it appends `name` to each component's namespace (`moemesh:node:daemon:<name>`),
 * so `DEBUG=moemesh:*` and `DEBUG=libp2p:*` still select the logs while each line says which node wrote it
 * (several nodes share one process in tests, benchmarks and the demo).
 */
export function nodeLogger (name: string): ComponentLogger {
  return { forComponent: (component: string): Logger => logger(`${component}:${name}`) }
}
