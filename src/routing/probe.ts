/**
 * Phase 1 of competence routing: ask the top candidates, one request per peer, in parallel, for their experts'
 * competence scores (computed on each owner's node from its own data; no model runs, nothing is charged).
 * A probe that fails or is late only means no competence for those experts: it is never an error of the query.
 */
import type { Logger } from '@libp2p/interface'
import { clampCompetence } from './fanout.js'
import { MIN_IN_DOMAIN } from './constants.js'
import type { ProbeScores } from './competence.js'
import type { ExpertDispatcher, RouterQuery } from './dispatch.js'
import type { Candidate } from './scoring.js'

/** What one probe round needs. */
export interface ProbeContext {
  dispatcher: ExpertDispatcher
  localPeerId: string
  query: RouterQuery
  /** Probes still pending after this long are abandoned. */
  timeoutMs: number
  signal?: AbortSignal
  log: Logger
}

/**
 * Probes `candidates` (one request per peer) and returns what each expert id reported: competence and private
 * competence clamped to -1..1, the in-domain score to MIN_IN_DOMAIN..0 (so no peer can inflate its claim). Experts
 * that reported nothing are absent. Resolves by `timeoutMs` at the latest; rejects only with the caller's abort reason.
 */
export async function probeCompetence (ctx: ProbeContext, candidates: readonly Candidate[]): Promise<Map<string, ProbeScores>> {
  const out = new Map<string, ProbeScores>()
  if (candidates.length === 0) return out
  ctx.signal?.throwIfAborted()
  const byPeer = new Map<string, Candidate[]>()
  for (const c of candidates) {
    const group = byPeer.get(c.peerId)
    if (group === undefined) byPeer.set(c.peerId, [c])
    else group.push(c)
  }
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  let onAbort: (() => void) | undefined
  const stop = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(1, ctx.timeoutMs))
    onAbort = resolve
    ctx.signal?.addEventListener('abort', onAbort, { once: true })
  })
  const calls = [...byPeer].map(async ([peerId, group]) => {
    const ids = group.map(c => c.expertId)
    try {
      const local = peerId === ctx.localPeerId || group.every(c => c.local)
      const results = await ctx.dispatcher.ask(peerId, local, ids, ctx.query, { signal: controller.signal, timeoutMs: Math.max(1, Math.floor(ctx.timeoutMs)), competenceOnly: true })
      if (!Array.isArray(results)) return
      for (const r of results.slice(0, ids.length * 4)) {
        if (r === null || typeof r !== 'object' || !ids.includes(r.expertId) || out.has(r.expertId)) continue
        if (typeof r.error === 'string' && r.error.length > 0) continue
        const scores = probeScoresOf(r)
        if (scores !== undefined && !controller.signal.aborted) out.set(r.expertId, scores)
      }
    } catch (err) {
      ctx.log('competence probe of %p failed: %e', peerId, err)
    }
  })
  try {
    await Promise.race([Promise.all(calls), stop])
  } finally {
    clearTimeout(timer)
    if (onAbort !== undefined) ctx.signal?.removeEventListener('abort', onAbort)
    controller.abort(new Error('competence probes ended'))
  }
  ctx.signal?.throwIfAborted()
  return out
}

/** The clamped scores of one probe result, or undefined when it carries none. */
export function probeScoresOf (r: { competence?: unknown, privateCompetence?: unknown, inDomain?: unknown }): ProbeScores | undefined {
  const competence = clampCompetence(r.competence)
  const privateCompetence = clampCompetence(r.privateCompetence)
  const inDomain = typeof r.inDomain === 'number' && !Number.isNaN(r.inDomain) ? Math.min(0, Math.max(MIN_IN_DOMAIN, r.inDomain)) : undefined
  if (competence === undefined && privateCompetence === undefined && inDomain === undefined) return undefined
  return {
    ...(competence !== undefined ? { competence } : {}),
    ...(privateCompetence !== undefined ? { privateCompetence } : {}),
    ...(inDomain !== undefined ? { inDomain } : {})
  }
}
