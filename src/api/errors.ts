import { MoemeshError } from '../errors.js'

/** The root of the errors {@link MoemeshClient} throws: the daemon could not be reached, or it answered an error. */
export class DaemonError extends MoemeshError {}

/** Nothing answers at the API's address (no daemon, wrong `--api`, connection refused or reset). */
export class DaemonUnreachableError extends DaemonError {
  /** The API base URL that was tried. */
  readonly url: string

  constructor (url: string, reason: string, options?: { cause?: unknown }) {
    super(`no moemesh daemon answers at ${url} (${reason}); start one with \`moemesh start\` or pass --api host:port`, 'DAEMON_UNREACHABLE', options)
    this.url = url
  }
}

/** The daemon did not answer within the call's deadline. */
export class DaemonTimeoutError extends DaemonError {
  constructor (url: string, timeoutMs: number) {
    super(`the daemon at ${url} did not answer within ${timeoutMs} ms; retry, or pass a longer timeout`, 'API_TIMEOUT')
  }
}

/** The daemon answered something that is not the API's JSON (too large, not JSON, or the wrong shape). */
export class DaemonBadResponseError extends DaemonError {
  constructor (message: string) {
    super(message, 'BAD_RESPONSE')
  }
}

/**
 * The daemon refused or failed the request. `code` is the daemon's own (`NO_MATCHING_EXPERT`, `UNAUTHORIZED`,
 * `QUERY_TIMEOUT`, ...) and `status` the HTTP status.
 */
export class DaemonRequestError extends DaemonError {
  readonly status: number

  constructor (status: number, code: string, message: string) {
    super(message, code)
    this.status = status
  }
}
