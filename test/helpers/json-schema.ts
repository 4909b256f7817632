/**
 * A small JSON Schema (2020-12) checker for the API tests: enough of the vocabulary to check real responses against
 * the generated OpenAPI document. It refuses any keyword it does not know rather than passing it silently, and in
 * strict mode (the default) a property an object schema does not list is an error, so an undocumented field in a
 * response fails the test.
 */

type Schema = Record<string, unknown> | boolean

/** Keywords that only annotate. */
const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'format', '$comment', 'id'])
/** Keywords checked below. */
const ASSERTIONS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'enum', 'const', 'anyOf', 'oneOf',
  'allOf', '$ref', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems',
  'maxItems', 'pattern'
])

/** Options of {@link validateJson}. */
export interface ValidateOptions {
  /** The document `$ref`s resolve in (`#/...` pointers). */
  root: unknown
  /** Properties an object schema does not list are errors (unless it has `additionalProperties`). @default true */
  strict?: boolean
}

function resolvePointer (root: unknown, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`)
  let node: unknown = root
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (node == null || typeof node !== 'object' || !(key in node)) throw new Error(`$ref ${ref} does not resolve`)
    node = (node as Record<string, unknown>)[key]
  }
  return node as Schema
}

function typeOf (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function typeMatches (value: unknown, type: string): boolean {
  const t = typeOf(value)
  return t === type || (type === 'number' && t === 'integer')
}

/** Every way `value` breaks `schema`, as `path: problem` lines; empty when it conforms. */
export function validateJson (value: unknown, schema: Schema, options: ValidateOptions, path = '$'): string[] {
  if (schema === true) return []
  if (schema === false) return [`${path}: no value is allowed here`]
  const errors: string[] = []
  for (const key of Object.keys(schema)) {
    if (!ANNOTATIONS.has(key) && !ASSERTIONS.has(key)) throw new Error(`json-schema helper: unsupported keyword "${key}" at ${path}`)
  }
  const strict = options.strict ?? true
  const s = schema as Record<string, any>
  if (s.$ref !== undefined) errors.push(...validateJson(value, resolvePointer(options.root, s.$ref), options, path))
  if (s.type !== undefined) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type]
    if (!types.some((t) => typeMatches(value, t))) return [...errors, `${path}: is ${typeOf(value)}, not ${types.join(' or ')}`]
  }
  if (s.enum !== undefined && !s.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`)
  if (s.const !== undefined && JSON.stringify(s.const) !== JSON.stringify(value)) errors.push(`${path}: is not ${JSON.stringify(s.const)}`)
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) errors.push(`${path}: ${value} < minimum ${s.minimum}`)
    if (s.maximum !== undefined && value > s.maximum) errors.push(`${path}: ${value} > maximum ${s.maximum}`)
    if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum) errors.push(`${path}: ${value} <= ${s.exclusiveMinimum}`)
    if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum) errors.push(`${path}: ${value} >= ${s.exclusiveMaximum}`)
  }
  if (typeof value === 'string') {
    const length = [...value].length
    if (s.minLength !== undefined && length < s.minLength) errors.push(`${path}: shorter than ${s.minLength}`)
    if (s.maxLength !== undefined && length > s.maxLength) errors.push(`${path}: longer than ${s.maxLength}`)
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value)) errors.push(`${path}: does not match ${s.pattern}`)
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) errors.push(`${path}: fewer than ${s.minItems} items`)
    if (s.maxItems !== undefined && value.length > s.maxItems) errors.push(`${path}: more than ${s.maxItems} items`)
    if (s.items !== undefined) value.forEach((item, i) => { errors.push(...validateJson(item, s.items, options, `${path}[${i}]`)) })
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>
    const props: Record<string, Schema> = s.properties ?? {}
    for (const key of s.required ?? []) if (!(key in obj)) errors.push(`${path}: lacks required "${key}"`)
    for (const [key, v] of Object.entries(obj)) {
      if (key in props) {
        errors.push(...validateJson(v, props[key], options, `${path}.${key}`))
      } else if (s.additionalProperties !== undefined) {
        errors.push(...validateJson(v, s.additionalProperties, options, `${path}.${key}`))
      } else if (strict && s.properties !== undefined) {
        errors.push(`${path}.${key}: is not in the document`)
      }
      if (s.propertyNames !== undefined) errors.push(...validateJson(key, s.propertyNames, options, `${path} key "${key}"`))
    }
  }
  if (s.allOf !== undefined) for (const sub of s.allOf) errors.push(...validateJson(value, sub, options, path))
  if (s.anyOf !== undefined && !s.anyOf.some((sub: Schema) => validateJson(value, sub, options, path).length === 0)) {
    errors.push(`${path}: matches none of anyOf (${s.anyOf.map((sub: Schema) => validateJson(value, sub, options, path).join('; ')).join(' | ')})`)
  }
  if (s.oneOf !== undefined) {
    const n = s.oneOf.filter((sub: Schema) => validateJson(value, sub, options, path).length === 0).length
    if (n !== 1) errors.push(`${path}: matches ${n} of oneOf, not exactly 1`)
  }
  return errors
}

/** Every `$ref` anywhere in `doc` (with where it is). */
export function collectRefs (doc: unknown, path = '$'): Array<{ ref: string, at: string }> {
  if (doc == null || typeof doc !== 'object') return []
  if (Array.isArray(doc)) return doc.flatMap((d, i) => collectRefs(d, `${path}[${i}]`))
  const out: Array<{ ref: string, at: string }> = []
  for (const [k, v] of Object.entries(doc)) {
    if (k === '$ref' && typeof v === 'string') out.push({ ref: v, at: path })
    else out.push(...collectRefs(v, `${path}.${k}`))
  }
  return out
}

/** Whether a local `$ref` resolves in `root`. */
export function refResolves (root: unknown, ref: string): boolean {
  try {
    resolvePointer(root, ref)
    return true
  } catch {
    return false
  }
}

/**
 * The schema of the `status` response of `method path` in an OpenAPI document (JSON content), or throws naming
 * what is missing.
 */
export function responseSchema (doc: any, method: string, path: string, status: number): Schema {
  const schema = doc?.paths?.[path]?.[method]?.responses?.[String(status)]?.content?.['application/json']?.schema
  if (schema === undefined) throw new Error(`the document has no JSON ${status} response for ${method.toUpperCase()} ${path}`)
  return schema
}
