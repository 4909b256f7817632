/**
 * How an expert is served, as expert.json's `serving` field says: absent for an ONNX package (the node runs
 * model.onnx itself), or `{ "kind": "http", "url", ... }` for a model someone already serves over HTTP (the node
 * POSTs each query to it). Validated field by field with one-line errors naming the field and the fix.
 */

/** Longest endpoint URL accepted. */
export const MAX_SERVING_URL_CHARS = 2048
/** Per-call timeout of an HTTP expert when expert.json names none: a served model should answer well inside a query's deadline. */
export const DEFAULT_HTTP_TIMEOUT_MS = 2_000
/** Longest per-call timeout: the longest deadline a query may carry (net's MAX_DEADLINE_MS). */
export const MAX_HTTP_TIMEOUT_MS = 60_000
/** Calls one HTTP expert has in flight before it refuses more: as many as one peer may have in flight on a node. */
export const DEFAULT_HTTP_CONCURRENCY = 8
/** Most calls in flight one HTTP expert may allow: as many as a node serves at once in total. */
export const MAX_HTTP_CONCURRENCY = 256

/** An expert served by a model server over HTTP. */
export interface HttpServing {
  kind: 'http'
  /** The endpoint the node POSTs `{"text"}` (and `{"vector"}` for inputKind "both") to; http: or https:. */
  url: string
  /** Milliseconds one call may take before it fails with a timeout. @default 2000 */
  timeoutMs: number
  /** Calls in flight at once; one more is refused with OverloadedError. @default 8 */
  maxConcurrency: number
}

/** What an HTTP expert's model reads: the query text, or the text and the query's shared-space embedding. */
export type HttpInputKind = 'text' | 'both'

/** The input kinds an HTTP expert may declare. */
export const HTTP_INPUT_KINDS: readonly HttpInputKind[] = ['text', 'both']

const SERVING_KEYS = ['kind', 'url', 'timeoutMs', 'maxConcurrency']

function show (value: unknown): string {
  const s = JSON.stringify(value)
  if (s === undefined) return String(value)
  return s.length > 40 ? `${s.slice(0, 37)}...` : s
}

/**
 * Validates the `serving` field of expert.json. Returns the HTTP serving settings with defaults filled in, or
 * `undefined` for an ONNX package (field absent, or `{ "kind": "onnx" }`).
 * @param fail throws the manifest's error for `field` (`serving.url`, ...) with `message`.
 */
export function parseServing (value: unknown, fail: (field: string, message: string) => never): HttpServing | undefined {
  if (value === undefined) return undefined
  if (value == null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('serving', 'must be an object like { "kind": "http", "url": "http://127.0.0.1:8080/predict" }, or absent for a model.onnx package')
  }
  const v = value as Record<string, unknown>
  if (v.kind === 'onnx') {
    const extra = Object.keys(v).find((k) => k !== 'kind')
    if (extra != null) fail(`serving.${extra}`, 'is not a setting of kind "onnx"; remove it')
    return undefined
  }
  if (v.kind !== 'http') fail('serving.kind', `must be "http" (a model served over HTTP) or "onnx" (got ${show(v.kind)})`)
  for (const key of Object.keys(v)) {
    if (!SERVING_KEYS.includes(key)) fail(`serving.${key}`, `is not a setting of kind "http"; remove it (known: ${SERVING_KEYS.join(', ')})`)
  }
  const url = v.url
  if (typeof url !== 'string' || url.trim() === '') return fail('serving.url', 'must be the endpoint to POST queries to, e.g. "http://127.0.0.1:8080/predict"')
  if (url.length > MAX_SERVING_URL_CHARS) fail('serving.url', `is ${url.length} characters long; shorten it to at most ${MAX_SERVING_URL_CHARS}`)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return fail('serving.url', `${show(url)} is not an absolute URL; write it like "http://127.0.0.1:8080/predict"`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail('serving.url', `uses ${parsed.protocol.replace(/:$/, '')}; only http and https endpoints are served`)
  if (parsed.username !== '' || parsed.password !== '') fail('serving.url', 'holds a user name or password; keep credentials out of expert.json (put the endpoint behind a loopback-only listener instead)')
  const timeoutMs = v.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_HTTP_TIMEOUT_MS) {
    fail('serving.timeoutMs', `must be a whole number of milliseconds from 1 to ${MAX_HTTP_TIMEOUT_MS} (got ${show(v.timeoutMs)})`)
  }
  const maxConcurrency = v.maxConcurrency ?? DEFAULT_HTTP_CONCURRENCY
  if (typeof maxConcurrency !== 'number' || !Number.isInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > MAX_HTTP_CONCURRENCY) {
    fail('serving.maxConcurrency', `must be a whole number from 1 to ${MAX_HTTP_CONCURRENCY} (got ${show(v.maxConcurrency)})`)
  }
  return { kind: 'http', url, timeoutMs: timeoutMs as number, maxConcurrency: maxConcurrency as number }
}
