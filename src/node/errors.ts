import { MoemeshError } from '../errors.js'

/** An expert named on the command line or API is not hosted by this node. */
export class UnknownExpertError extends MoemeshError {
  constructor (idOrName: string) {
    super(`this node hosts no expert "${idOrName}"; list them with \`moemesh experts\``, 'UNKNOWN_EXPERT')
  }
}

/** The same expert (same model hash) is already hosted. */
export class DuplicateExpertError extends MoemeshError {
  constructor (name: string, expertId: string) {
    super(`expert ${name} (${expertId.slice(0, 12)}…) is already hosted by this node`, 'DUPLICATE_EXPERT')
  }
}

/** The daemon is not running (not started yet, or stopping). */
export class DaemonNotRunningError extends MoemeshError {
  constructor () {
    super('the node is not running', 'NOT_RUNNING')
  }
}

/** A routed query ran out of its end-to-end deadline before the routing even started (a slow embedding). */
export class QueryDeadlineError extends MoemeshError {
  constructor (message: string) {
    super(message, 'QUERY_TIMEOUT')
  }
}

/**
 * An expert package path given over the API is not allowed: missing, unreadable, or not under an experts root.
 * One message for all, so the API is no probe of the daemon's file system.
 */
export class ExpertPathNotAllowedError extends MoemeshError {
  constructor () {
    super('no expert package can be loaded from that path: it does not exist or is not under an experts root (--experts-root)', 'EXPERT_PATH_NOT_ALLOWED')
  }
}
