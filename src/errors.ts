/**
 * The root of every error moemesh throws on purpose. Code branches on `name` or `code`, never on the message;
 * the message is one sentence for a person: what was wrong and what to do.
 */
export class MoemeshError extends Error {
  /** A stable, bounded identifier (safe as a metric label). */
  readonly code: string

  constructor (message: string, code: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

/** A user-supplied option, flag, config field or file field is invalid. `field` names it. */
export class InvalidOptionError extends MoemeshError {
  readonly field: string

  constructor (field: string, message: string) {
    super(`${field}: ${message}`, 'INVALID_OPTION')
    this.field = field
  }
}
