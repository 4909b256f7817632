/**
 * Measured quality in routing: the router asks a {@link QualityView} (the market's quality book) where each
 * candidate card stands, drops distrusted cards, ranks quarantined (unscored) cards below every scored one except
 * on a small share of queries, and scales the routing posterior of scored cards by their measured accuracy in
 * place of the accuracy the card claims.
 */
import type { CardData } from '../net/advert-types.js'
import { CENTROID_LOGIT_SCALE, MEASURED_ACCURACY_WEIGHT, MIN_MEASURED_ACCURACY, QUARANTINE_PENALTY } from './constants.js'
import type { Candidate } from './scoring.js'

/** Where a card stands, as the router needs it. */
export interface CardStanding {
  state: 'scored' | 'quarantined' | 'distrusted'
  /** Measured accuracy 0..1 (scored cards). */
  accuracy?: number
}

/** What the router needs from the market's quality book. */
export interface QualityView {
  assess: (peerId: string, card: CardData) => CardStanding
}

/** Options of {@link applyQuality}. */
export interface QualityRouting {
  /** Share of queries on which one quarantined card competes unpenalised. */
  quarantineShare: number
  /** A uniform 0..1 draw. */
  random: () => number
}

/**
 * The candidates without distrusted cards, each with its `quality` adjustment (routing-logit units) set:
 * `MEASURED_ACCURACY_WEIGHT x ln(max(accuracy, 0.05))` for a scored card, `-QUARANTINE_PENALTY` for a quarantined
 * one, except for at most one quarantined card on a `quarantineShare` of queries, which competes on its claimed
 * accuracy. The similarity score (`score`) moves by the same amount over `CENTROID_LOGIT_SCALE`, so the
 * similarity strategies honour the verdicts too. Order is kept.
 */
export function applyQuality (candidates: readonly Candidate[], view: QualityView | undefined, options: QualityRouting): Candidate[] {
  if (view === undefined) return [...candidates]
  const out: Candidate[] = []
  const quarantined: number[] = []
  for (const c of candidates) {
    const standing = view.assess(c.peerId, c.entry.card)
    if (standing.state === 'distrusted') continue
    if (standing.state === 'quarantined') {
      quarantined.push(out.length)
      out.push({ ...c, quality: -QUARANTINE_PENALTY, standing: 'quarantined' })
      continue
    }
    const acc = Math.max(MIN_MEASURED_ACCURACY, Math.min(1, standing.accuracy ?? MIN_MEASURED_ACCURACY))
    out.push({ ...c, quality: MEASURED_ACCURACY_WEIGHT * Math.log(acc), standing: 'scored', measuredAccuracy: standing.accuracy })
  }
  if (quarantined.length > 0 && quarantined.length < out.length && options.random() < options.quarantineShare) {
    const i = quarantined[Math.min(quarantined.length - 1, Math.floor(options.random() * quarantined.length))]
    const claimed = Math.max(MIN_MEASURED_ACCURACY, Math.min(1, out[i].entry.card.accuracy))
    out[i].quality = MEASURED_ACCURACY_WEIGHT * Math.log(claimed)
  }
  // when every candidate is unscored, none is penalised: a network nobody measures routes as before
  if (quarantined.length === out.length) for (const i of quarantined) out[i].quality = 0
  // `out` holds this call's own copies: adjusted in place, not copied once more
  for (const c of out) c.score += (c.quality ?? 0) / CENTROID_LOGIT_SCALE
  return out
}
