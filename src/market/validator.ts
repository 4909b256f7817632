/**
 * The validator: a node that holds labelled probe sets sends probes that look like ordinary queries (the same
 * competence probe and answer request as a routed query, no flag) to the cards whose capability region claims
 * them, scores each answer (accuracy, NLL, Brier) and keeps the results in the quality book. It also checks,
 * without any call, how many probes of other label spaces each card's public gate or centroids claim, which
 * exposes a match-everything card even when its labels never match a probe.
 */
import { defaultLogger } from '@libp2p/logger'
import type { ComponentLogger, Logger } from '@libp2p/interface'
import { InvalidOptionError } from '../errors.js'
import { positiveInt } from '../options.js'
import type { CardData } from '../net/advert-types.js'
import { MAX_NLL, VALIDATE_INTERVAL_MS, VALIDATE_MAX_TARGETS, VALIDATE_TIMEOUT_MS } from './constants.js'
import type { CardQuality, ProbeOutcome, QualityBook } from './quality-book.js'

/** One labelled probe. */
export interface Probe {
  text: string
  label: string
}

/** A card in the probe's space, and whether its public gate (or, without one, its centroids) claims the probe. */
export interface ValidatorTarget {
  peerId: string
  local: boolean
  card: CardData
  claims: boolean
}

/** One expert's answer to a probe, as the node's dispatcher returns it. */
export interface ValidatorAnswer {
  expertId: string
  distribution?: ArrayLike<number>
  error?: string
  price?: number
}

/** What the validator needs from the node. */
export interface ValidatorComponents {
  /** Embeds a probe text in the node's space. */
  embed: (text: string, options: { signal?: AbortSignal }) => Promise<Float32Array>
  /** The cards the probe could go to (every routable card in the space), with their claim on it. */
  targets: (vector: Float32Array) => ValidatorTarget[]
  /** Asks one peer's experts, exactly as the router does (the node's dispatcher). */
  ask: (peerId: string, local: boolean, expertIds: string[], query: { text: string, vector: Float32Array }, options: { signal: AbortSignal, timeoutMs: number, competenceOnly?: boolean, withoutCompetence?: boolean }) => Promise<ValidatorAnswer[]>
  book: QualityBook
  /** Books what a probe answer cost, like any answer (optional). */
  spend?: (peerId: string, amount: number) => void
  /** @default defaultLogger() */
  logger?: ComponentLogger
}

/** Options of {@link Validator}. */
export interface ValidatorInit {
  /** The labelled probes (the zoo's calibration splits, a user's own JSONL). Required; may be empty (then idle). */
  probes: Probe[]
  /** One probe per this many ms. @default 5000 */
  intervalMs?: number
  /** Cards one probe is sent to at most. @default 4 */
  maxTargets?: number
  /** Deadline of one probe's calls. @default 3000 */
  timeoutMs?: number
  /** Uniform 0..1 draws (tests). @default Math.random */
  random?: () => number
}

/** Counters of what the validator did. */
export interface ValidatorStats {
  probes: number
  answers: number
  failures: number
}

/**
 * Scores one answer against the probe's label: top label right, -ln p(label) (capped), and the Brier score over
 * the card's labels (a label the card does not have counts as a missing class: +1).
 */
export function scoreAnswer (labels: readonly string[], distribution: ArrayLike<number>, label: string): ProbeOutcome | undefined {
  if (distribution.length !== labels.length || labels.length === 0) return undefined
  let sum = 0
  for (let i = 0; i < distribution.length; i++) {
    const v = distribution[i]
    if (!Number.isFinite(v) || v < 0) return undefined
    sum += v
  }
  if (!(sum > 0)) return undefined
  const right = labels.indexOf(label)
  let best = 0
  let brier = right < 0 ? 1 : 0
  for (let i = 0; i < distribution.length; i++) {
    const p = distribution[i] / sum
    if (p > distribution[best] / sum) best = i
    brier += (p - (i === right ? 1 : 0)) ** 2
  }
  const pRight = right < 0 ? 0 : distribution[right] / sum
  return { correct: right >= 0 && best === right, nll: Math.min(MAX_NLL, -Math.log(Math.max(pRight, Math.exp(-MAX_NLL)))), brier }
}

/**
 * Sends labelled probes, one every `intervalMs`, to the cards that claim them, least-measured cards first, and
 * records the scored answers in the quality book.
 *
 * @example
 * ```ts
 * const validator = new Validator({ embed, targets, ask, book }, { probes: await loadProbeSets([file]) })
 * validator.start()          // probes in the background
 * await validator.runOnce()  // or one probe now
 * validator.stop()
 * ```
 */
export class Validator {
  private readonly components: ValidatorComponents
  private readonly probes: Probe[]
  private readonly intervalMs: number
  private readonly maxTargets: number
  private readonly timeoutMs: number
  private readonly random: () => number
  private readonly log: Logger
  private readonly stats: ValidatorStats = { probes: 0, answers: 0, failures: 0 }
  private timer?: ReturnType<typeof setInterval>
  private controller?: AbortController
  private running = false

  constructor (components: ValidatorComponents, init: ValidatorInit) {
    if (!Array.isArray(init.probes)) throw new InvalidOptionError('probes', 'must be an array of {text, label}')
    for (const p of init.probes) {
      if (p === null || typeof p !== 'object' || typeof p.text !== 'string' || typeof p.label !== 'string' || p.text.length === 0) {
        throw new InvalidOptionError('probes', 'every probe needs a non-empty text and a label')
      }
    }
    this.components = components
    this.probes = init.probes
    this.intervalMs = positiveInt('intervalMs', init.intervalMs, VALIDATE_INTERVAL_MS)
    this.maxTargets = positiveInt('maxTargets', init.maxTargets, VALIDATE_MAX_TARGETS)
    this.timeoutMs = positiveInt('timeoutMs', init.timeoutMs, VALIDATE_TIMEOUT_MS)
    this.random = init.random ?? Math.random
    this.log = (components.logger ?? defaultLogger()).forComponent('moemesh:market:validator')
  }

  /** Probes held. */
  get size (): number {
    return this.probes.length
  }

  /** Starts probing in the background (nothing happens without probes). */
  start (): void {
    if (this.timer !== undefined || this.probes.length === 0) return
    this.controller = new AbortController()
    this.timer = setInterval(() => {
      if (this.running) return
      this.runOnce({ signal: this.controller?.signal }).catch((err) => { this.log('probe failed: %e', err) })
    }, this.intervalMs)
    this.timer.unref?.()
  }

  /** Stops probing; a probe in flight is aborted. */
  stop (): void {
    clearInterval(this.timer)
    this.timer = undefined
    this.controller?.abort(new Error('validator stopped'))
    this.controller = undefined
  }

  /** Counters (a copy). */
  getStats (): ValidatorStats {
    return { ...this.stats }
  }

  /**
   * Sends one probe now: picks a probe, checks every card's claim on it, sends it to up to `maxTargets` claiming
   * cards whose labels hold the probe's label (least measured first), and records the scored answers. Resolves
   * with the number of answers scored.
   */
  async runOnce (options: { signal?: AbortSignal } = {}): Promise<number> {
    if (this.probes.length === 0) return 0
    options.signal?.throwIfAborted()
    this.running = true
    try {
      const probe = this.probes[Math.floor(this.random() * this.probes.length) % this.probes.length]
      const vector = await this.components.embed(probe.text, { signal: options.signal })
      const { book } = this.components
      const measurable: Array<{ target: ValidatorTarget, standing: CardQuality, tie: number }> = []
      for (const target of this.components.targets(vector)) {
        if (!target.card.labels.includes(probe.label)) {
          book.recordForeignClaim(target.peerId, target.card, target.claims)
          continue
        }
        if (target.claims) measurable.push({ target, standing: book.assess(target.peerId, target.card), tie: this.random() })
      }
      measurable.sort((a, b) => a.standing.samples - b.standing.samples || a.tie - b.tie)
      const chosen = measurable.slice(0, this.maxTargets).map(m => m.target)
      if (chosen.length === 0) return 0
      this.stats.probes++
      const byPeer = new Map<string, ValidatorTarget[]>()
      for (const t of chosen) byPeer.set(t.peerId, [...(byPeer.get(t.peerId) ?? []), t])
      const deadline = AbortSignal.timeout(this.timeoutMs)
      const signal = options.signal === undefined ? deadline : AbortSignal.any([options.signal, deadline])
      const scored = await Promise.all([...byPeer].map(async ([peerId, targets]) => await this.askPeer(peerId, targets, probe, vector, signal)))
      return scored.reduce((a, b) => a + b, 0)
    } finally {
      this.running = false
    }
  }

  /** One peer: the competence probe a routed query starts with, then the answers; each scored into the book. */
  private async askPeer (peerId: string, targets: ValidatorTarget[], probe: Probe, vector: Float32Array, signal: AbortSignal): Promise<number> {
    const ids = targets.map(t => t.card.expertId)
    const local = targets.every(t => t.local)
    const query = { text: probe.text, vector }
    try {
      // what a router does first; the answers it brings are not used (self-reported competence proves nothing)
      await this.components.ask(peerId, local, ids, query, { signal, timeoutMs: this.timeoutMs, competenceOnly: true }).catch(() => [])
      const answers = await this.components.ask(peerId, local, ids, query, { signal, timeoutMs: this.timeoutMs, withoutCompetence: true })
      let n = 0
      for (const t of targets) {
        const a = Array.isArray(answers) ? answers.find(x => x?.expertId === t.card.expertId) : undefined
        if (a === undefined || (typeof a.error === 'string' && a.error.length > 0) || a.distribution === undefined) { this.stats.failures++; continue }
        const outcome = scoreAnswer(t.card.labels, a.distribution, probe.label)
        if (outcome === undefined) { this.stats.failures++; continue }
        if (typeof a.price === 'number' && Number.isFinite(a.price) && a.price > 0) this.components.spend?.(peerId, a.price)
        const standing = this.components.book.recordProbe(peerId, t.card, outcome)
        this.stats.answers++
        n++
        this.log('probe of %s on %p: %s, now %s', t.card.name, peerId, outcome.correct ? 'right' : 'wrong', standing.state)
      }
      return n
    } catch (err) {
      this.stats.failures += targets.length
      this.log('probe of %p failed: %e', peerId, err)
      return 0
    }
  }
}
