import { compareCandidates, resolvePolicy, type Candidate, type RoutingPolicy } from './scoring.js'

/** Whom to call for one query. */
export interface QueryPlan {
  /** Up to k candidates, best first, at most one per expert id, whose prices fit the budget together. */
  primary: Candidate[]
  /**
   * The next best candidates in order, to call when a primary fails or is slow. May hold the same expert on
   * another peer (a good fallback when a peer dies); each fits the budget alone.
   */
  fallbacks: Candidate[]
}

/**
 * Picks the k best candidates with distinct expert ids (the same model on two peers gives the same answer, so it is
 * called once) within the budget, and keeps the next `maxFallbacks` as fallbacks.
 */
export function planQuery (scored: readonly Candidate[], policy: RoutingPolicy = {}): QueryPlan {
  const p = resolvePolicy(policy)
  const ordered = [...scored].sort(compareCandidates)
  const primary: Candidate[] = []
  const fallbacks: Candidate[] = []
  const chosen = new Set<string>()
  let spent = 0
  for (const c of ordered) {
    if (primary.length < p.k && !chosen.has(c.expertId) && spent + c.price <= p.budget) {
      primary.push(c)
      chosen.add(c.expertId)
      spent += c.price
    } else if (fallbacks.length < p.maxFallbacks && c.price <= p.budget) {
      fallbacks.push(c)
    }
    if (primary.length >= p.k && fallbacks.length >= p.maxFallbacks) break
  }
  return { primary, fallbacks }
}
