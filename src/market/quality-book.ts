/**
 * Measured card quality as this node knows it: its own probe results per card (kept in a {@link QualityStore}),
 * the scores other validators attested, combined by a clipped weighted median, and the verdict the router uses:
 * scored (measured accuracy replaces the card's claim), quarantined (not yet measured: a small share of traffic),
 * or distrusted (measured far below its claim, confidently wrong, or claiming every region: no traffic).
 */
import { InvalidOptionError } from '../errors.js'
import type { CardData } from '../net/advert-types.js'
import { cardKey } from './card-digest.js'
import { clippedWeightedMedian, type WeightedValue } from './clipped-median.js'
import {
  ATTEST_CLIP, ATTESTATION_TTL_MS, CLAIM_GAP, MAX_ATTESTED_SAMPLES, MAX_FOREIGN_CLAIM_SHARE, MAX_NLL, MAX_TRACKED_CARDS,
  MAX_TRACKED_VALIDATORS, MIN_FOREIGN_CHECKED, MIN_SCORED_SAMPLES, NLL_OVER_UNIFORM, QUALITY_HALF_LIFE_MS,
  QUALITY_SAMPLE_DECAY, VALIDATOR_AGE_FLOOR_MS, VALIDATOR_AGE_FULL_MS
} from './constants.js'
import { agedRecord, emptyQualityRecord, MemoryQualityStore, type QualityRecord, type QualityStore } from './quality-store.js'

/** The scoring of one probe answer. */
export interface ProbeOutcome {
  /** The answer's top label was the probe's label. */
  correct: boolean
  /** -ln p(right label), capped at MAX_NLL. */
  nll: number
  /** Brier score of the answer. */
  brier: number
}

/** Where a card stands. */
export type QualityState = 'scored' | 'quarantined' | 'distrusted'

/** Figures from one source (own probes, or the attested consensus). */
export interface QualityFigures {
  accuracy: number
  nll: number
  samples: number
}

/** What this node knows about one card's quality. */
export interface CardQuality {
  state: QualityState
  /** Combined measured accuracy (own probes and attested consensus), when any. */
  accuracy?: number
  /** Combined mean NLL of the right label, when any. */
  nll?: number
  /** Probe results (own plus attested, decayed) behind the figures. */
  samples: number
  own?: QualityFigures
  attested?: QualityFigures & { validators: number }
  /** Share of foreign probes the card's public gate or centroids claim, once enough were checked. */
  foreignClaimShare?: number
  /** Why the card is distrusted (one short phrase). */
  reason?: string
}

/** One card's score as a validator attests it. */
export interface AttestedScore {
  /** Card key: `<peer id>/<card digest>`. */
  key: string
  accuracy: number
  nll: number
  samples: number
}

/** Options of {@link QualityBook}. */
export interface QualityBookInit {
  /** Where own measurements live. @default a new {@link MemoryQualityStore} */
  store?: QualityStore
  /** Half-life of measured figures, ms. @default 21_600_000 (6 h) */
  halfLifeMs?: number
  /** Per-probe fading of older results, 0 < d <= 1. @default 0.975 */
  sampleDecay?: number
  /**
   * The settled volume (credits) this node has seen with a peer, folded into that peer's weight as a validator;
   * never a number the validator declares. @default () => 0
   */
  settledVolume?: (peerId: string) => number
  /** Told of own probe results that say something about the peer: `false` for any answer of a distrusted card, `true` for a right answer of any other. */
  onOutcome?: (peerId: string, good: boolean) => void
  /** @default Date.now */
  now?: () => number
}

interface Attested { accuracy: number, nll: number, samples: number, at: number }
interface ValidatorInfo { firstHeard: number, lastHeard: number }

function clamp (x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x))
}

/**
 * Per-card measured quality: own probe results, attested scores, and the router's verdict.
 *
 * @example
 * ```ts
 * const book = new QualityBook()
 * book.recordProbe(peerId, card, { correct: false, nll: 9.2, brier: 2 })
 * book.assess(peerId, card).state   // 'quarantined' until 3 results, then 'scored' or 'distrusted'
 * ```
 */
export class QualityBook {
  private readonly store: QualityStore
  private readonly halfLifeMs: number
  private readonly sampleDecay: number
  private readonly settledVolume: (peerId: string) => number
  private readonly onOutcome?: (peerId: string, good: boolean) => void
  private readonly now: () => number
  /** Attested scores per card key, then per validator. */
  private readonly attested = new Map<string, Map<string, Attested>>()
  private readonly validators = new Map<string, ValidatorInfo>()

  constructor (init: QualityBookInit = {}) {
    this.store = init.store ?? new MemoryQualityStore()
    this.halfLifeMs = init.halfLifeMs ?? QUALITY_HALF_LIFE_MS
    if (!(this.halfLifeMs > 0)) throw new InvalidOptionError('halfLifeMs', 'must be a positive number of ms')
    this.sampleDecay = init.sampleDecay ?? QUALITY_SAMPLE_DECAY
    if (!(this.sampleDecay > 0 && this.sampleDecay <= 1)) throw new InvalidOptionError('sampleDecay', 'must be in (0, 1]')
    this.settledVolume = init.settledVolume ?? (() => 0)
    this.onOutcome = init.onOutcome
    this.now = init.now ?? Date.now
  }

  /** Records one of our own probe results for the card on `peerId`; returns the card's new standing. */
  recordProbe (peerId: string, card: CardData, outcome: ProbeOutcome): CardQuality {
    const now = this.now()
    const key = cardKey(peerId, card)
    const r = this.aged(key, now)
    const d = this.sampleDecay
    const next: QualityRecord = {
      ...r,
      samples: r.samples * d + 1,
      correct: r.correct * d + (outcome.correct ? 1 : 0),
      nll: r.nll * d + clamp(Number.isFinite(outcome.nll) ? outcome.nll : MAX_NLL, 0, MAX_NLL),
      brier: r.brier * d + clamp(Number.isFinite(outcome.brier) ? outcome.brier : 2, 0, 2),
      updatedAt: now
    }
    this.store.set(key, next)
    const quality = this.assess(peerId, card)
    // a wrong answer of a card that is not distrusted is ordinary (weak experts are honest too): only the two clear cases count
    if (quality.state === 'distrusted') this.onOutcome?.(peerId, false)
    else if (outcome.correct) this.onOutcome?.(peerId, true)
    return quality
  }

  /** Records whether the card's public gate or centroids claim a probe of another label space (no call was made). */
  recordForeignClaim (peerId: string, card: CardData, claimed: boolean): void {
    const now = this.now()
    const key = cardKey(peerId, card)
    const r = this.aged(key, now)
    this.store.set(key, { ...r, foreignClaimed: r.foreignClaimed + (claimed ? 1 : 0), foreignChecked: r.foreignChecked + 1, updatedAt: now })
  }

  /**
   * Takes one validator's revealed scores (already authenticated and checked against its commitment). Each
   * replaces that validator's earlier score of the same card. Values are clamped to their ranges.
   */
  recordAttestations (validator: string, scores: readonly AttestedScore[]): void {
    const now = this.now()
    let info = this.validators.get(validator)
    if (info === undefined) {
      if (this.validators.size >= MAX_TRACKED_VALIDATORS) this.forgetValidator(this.quietestValidator())
      info = { firstHeard: now, lastHeard: now }
      this.validators.set(validator, info)
    }
    info.lastHeard = now
    for (const s of scores) {
      if (!Number.isFinite(s.accuracy) || !Number.isFinite(s.nll) || !Number.isFinite(s.samples) || s.samples <= 0) continue
      let byValidator = this.attested.get(s.key)
      if (byValidator === undefined) {
        if (this.attested.size >= MAX_TRACKED_CARDS) {
          const oldest = this.attested.keys().next().value
          if (oldest !== undefined) this.attested.delete(oldest)
        }
        byValidator = new Map()
        this.attested.set(s.key, byValidator)
      }
      byValidator.set(validator, { accuracy: clamp(s.accuracy, 0, 1), nll: clamp(s.nll, 0, MAX_NLL), samples: clamp(s.samples, 0, 1e6), at: now })
    }
  }

  /** The weight of a validator: its age with us (1 min floor, full at 1 h) x (1 + ln(1 + settled volume)). */
  validatorWeight (validator: string, now: number = this.now()): number {
    const info = this.validators.get(validator)
    if (info === undefined) return 0
    const age = Math.min(1, (now - info.firstHeard + VALIDATOR_AGE_FLOOR_MS) / VALIDATOR_AGE_FULL_MS)
    const volume = this.settledVolume(validator)
    return age * (1 + Math.log1p(Number.isFinite(volume) && volume > 0 ? volume : 0))
  }

  /** What this node knows about the card on `peerId`. */
  assess (peerId: string, card: CardData): CardQuality {
    const now = this.now()
    const key = cardKey(peerId, card)
    const r = this.aged(key, now)
    const own: QualityFigures | undefined = r.samples > 0 ? { accuracy: r.correct / r.samples, nll: r.nll / r.samples, samples: r.samples } : undefined
    const attested = this.consensus(key, peerId, now)
    const ownN = own?.samples ?? 0
    const attN = attested === undefined ? 0 : Math.min(MAX_ATTESTED_SAMPLES, attested.samples)
    const samples = ownN + attN
    const out: CardQuality = { state: 'quarantined', samples }
    if (own !== undefined) out.own = own
    if (attested !== undefined) out.attested = attested
    if (samples > 0) {
      out.accuracy = ((own?.accuracy ?? 0) * ownN + (attested?.accuracy ?? 0) * attN) / samples
      out.nll = ((own?.nll ?? 0) * ownN + (attested?.nll ?? 0) * attN) / samples
    }
    if (r.foreignChecked >= MIN_FOREIGN_CHECKED) out.foreignClaimShare = r.foreignClaimed / r.foreignChecked
    const reason = distrustReason(out, card)
    if (reason !== undefined) {
      out.state = 'distrusted'
      out.reason = reason
    } else if (samples >= MIN_SCORED_SAMPLES) {
      out.state = 'scored'
    }
    return out
  }

  /** Our own figures of every card we measured (what this node attests), freshest first, at most `limit`. */
  ownScores (limit: number = Infinity): AttestedScore[] {
    const now = this.now()
    const out: Array<AttestedScore & { at: number }> = []
    for (const [key, stored] of this.store.entries()) {
      const r = agedRecord(stored, now, this.halfLifeMs)
      if (r.samples <= 0) continue
      out.push({ key, accuracy: r.correct / r.samples, nll: r.nll / r.samples, samples: r.samples, at: stored.updatedAt })
    }
    out.sort((a, b) => b.at - a.at)
    return out.slice(0, limit).map(({ at: _at, ...s }) => s)
  }

  /** Validators heard from, with their current weights. */
  validatorWeights (): Array<{ validator: string, weight: number, firstHeard: number }> {
    const now = this.now()
    return [...this.validators].map(([validator, info]) => ({ validator, weight: this.validatorWeight(validator, now), firstHeard: info.firstHeard }))
  }

  /** The attested consensus of one card: clipped weighted medians of accuracy, NLL and samples. */
  private consensus (key: string, peerId: string, now: number): (QualityFigures & { validators: number }) | undefined {
    const byValidator = this.attested.get(key)
    if (byValidator === undefined) return undefined
    const acc: WeightedValue[] = []
    const nll: WeightedValue[] = []
    const samples: WeightedValue[] = []
    for (const [validator, a] of byValidator) {
      // a peer's word about its own cards does not count
      if (validator === peerId || now - a.at > ATTESTATION_TTL_MS) continue
      const weight = this.validatorWeight(validator, now)
      if (!(weight > 0)) continue
      acc.push({ value: a.accuracy, weight })
      nll.push({ value: a.nll, weight })
      samples.push({ value: a.samples, weight })
    }
    const accuracy = clippedWeightedMedian(acc, ATTEST_CLIP)
    if (accuracy === undefined) return undefined
    const meanNll = clippedWeightedMedian(nll, ATTEST_CLIP * MAX_NLL) ?? 0
    // the samples figure is the weighted median (no clipped mean): it only says how much the consensus counts
    const n = clippedWeightedMedian(samples, 0) ?? 0
    return { accuracy, nll: meanNll, samples: n, validators: acc.length }
  }

  private aged (key: string, now: number): QualityRecord {
    const r = this.store.get(key)
    return r === undefined ? emptyQualityRecord(now) : agedRecord(r, now, this.halfLifeMs)
  }

  private quietestValidator (): string | undefined {
    let quietest: string | undefined
    let at = Infinity
    for (const [v, info] of this.validators) if (info.lastHeard < at) { at = info.lastHeard; quietest = v }
    return quietest
  }

  private forgetValidator (validator: string | undefined): void {
    if (validator === undefined) return
    this.validators.delete(validator)
    for (const byValidator of this.attested.values()) byValidator.delete(validator)
  }
}

/** Why a card with these figures is distrusted, or undefined. */
function distrustReason (q: CardQuality, card: CardData): string | undefined {
  if (q.foreignClaimShare !== undefined && q.foreignClaimShare > MAX_FOREIGN_CLAIM_SHARE) {
    return `claims ${(100 * q.foreignClaimShare).toFixed(0)}% of other experts' probes`
  }
  if (q.samples < MIN_SCORED_SAMPLES || q.accuracy === undefined || q.nll === undefined) return undefined
  if (q.accuracy + 1 / Math.sqrt(q.samples) < card.accuracy - CLAIM_GAP) {
    return `measured ${(100 * q.accuracy).toFixed(0)}% against a claimed ${(100 * card.accuracy).toFixed(0)}%`
  }
  const uniform = Math.log(Math.max(1, card.labels.length))
  // confidently wrong: worse than a uniform guess on the right label AND wrong most of the time (one rare, very
  // confident miss of an honest expert does not qualify)
  if (q.nll > uniform + NLL_OVER_UNIFORM && q.accuracy + 1 / Math.sqrt(q.samples) < 0.5) return `confidently wrong (NLL ${q.nll.toFixed(2)} against ${uniform.toFixed(2)} for a uniform guess)`
  return undefined
}
