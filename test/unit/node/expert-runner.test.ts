/**
 * runHostedExperts: each expert's answer or its failure as a bounded wire code, the price rules, and embedding
 * the query only when an asked expert needs the vector.
 */
import { describe, expect, it } from 'vitest'
import {
  ExpertClosedError, ExpertEndpointError, ExpertResponseError, ExpertTimeoutError, InvalidExpertQueryError, OverloadedError
} from '../../../src/experts/errors.js'
import type { Expert } from '../../../src/experts/expert.js'
import { InferenceError } from '../../../src/onnx/errors.js'
import { runHostedExperts, wireCodeOf, type ExpertRunnerComponents } from '../../../src/node/expert-runner.js'
import { DIM, FakeExpert, idOf, SPACE } from './fake-expert.js'

function runner (experts: Expert[], embedded: string[] = []): ExpertRunnerComponents {
  const byId = new Map(experts.map((e) => [e.expertId, e]))
  return {
    experts: { get: (id) => byId.get(id) },
    spaceId: SPACE,
    embed: async (text) => { embedded.push(text); return Float32Array.from([0, 1, 0, 0]) }
  }
}

describe('runHostedExperts', () => {
  it('maps each typed failure of an expert to its wire code, and the others still answer', async () => {
    const cases: Array<[Error, string]> = [
      [new OverloadedError(8, 8), 'OVERLOADED'],
      [new ExpertEndpointError('busy', { status: 503, overloaded: true }), 'OVERLOADED'],
      [new InvalidExpertQueryError('bad vector'), 'BAD_REQUEST'],
      [new ExpertTimeoutError('slow', 100), 'DEADLINE_EXCEEDED'],
      [new DOMException('aborted', 'AbortError'), 'DEADLINE_EXCEEDED'],
      [new DOMException('timed out', 'TimeoutError'), 'DEADLINE_EXCEEDED'],
      [new ExpertEndpointError('down'), 'INTERNAL'],
      [new ExpertEndpointError('500', { status: 500 }), 'INTERNAL'],
      [new ExpertResponseError('wrong length', 'distribution'), 'INTERNAL'],
      [new ExpertClosedError('x'), 'INTERNAL'],
      [new InferenceError('model broke'), 'INTERNAL'],
      [new Error('anything else'), 'INTERNAL']
    ]
    const failing = cases.map(([err], i) => new FakeExpert({ id: idOf(`fail${i}`), answer: err, price: 1 }))
    const good = new FakeExpert({ id: idOf('good'), answer: Float32Array.from([0.9, 0.1]), price: 1 })
    const experts = [...failing, good]
    const answers = await runHostedExperts(runner(experts), { text: 'q', spaceId: SPACE, expertIds: experts.map((e) => e.expertId) })
    expect(answers.map((a) => a.error)).toEqual([...cases.map(([, code]) => code), undefined])
    for (const a of answers.slice(0, -1)) {
      expect(a.price).toBe(0) // a failed answer costs nothing
      expect(a.distribution).toBeUndefined()
    }
    expect(answers.at(-1)).toMatchObject({ expertId: good.expertId, price: 1 })
    expect(answers.at(-1)?.distribution).toEqual(Float32Array.from([0.9, 0.1]))
    expect(wireCodeOf(null)).toBe('INTERNAL')
    expect(wireCodeOf('a string')).toBe('INTERNAL')
  })

  it('answers UNKNOWN_EXPERT, SPACE_MISMATCH and BUDGET_EXCEEDED without running anything', async () => {
    const pricey = new FakeExpert({ id: idOf('pricey'), price: 5 })
    const c = runner([pricey])
    const unknown = await runHostedExperts(c, { text: 'q', spaceId: SPACE, expertIds: [idOf('nobody')] })
    expect(unknown).toEqual([{ expertId: idOf('nobody'), error: 'UNKNOWN_EXPERT', latencyMs: 0, price: 0 }])
    const otherSpace = await runHostedExperts(c, { text: 'q', spaceId: 'ee'.repeat(32), expertIds: [pricey.expertId] })
    expect(otherSpace[0].error).toBe('SPACE_MISMATCH')
    const tooDear = await runHostedExperts(c, { text: 'q', spaceId: SPACE, expertIds: [pricey.expertId], maxPrice: 4 })
    expect(tooDear[0].error).toBe('BUDGET_EXCEEDED')
    expect(pricey.asked).toHaveLength(0)
    // maxPrice 0 means no limit
    const free = await runHostedExperts(c, { text: 'q', spaceId: SPACE, expertIds: [pricey.expertId], maxPrice: 0 })
    expect(free[0].error).toBeUndefined()
    expect(free[0].price).toBe(5)
  })

  it('embeds the text only when an asked expert needs a vector and none came, and hands it only to those', async () => {
    const textOnly = new FakeExpert({ id: idOf('text'), needsVector: false })
    const withVector = new FakeExpert({ id: idOf('vector'), needsVector: true })
    const embedded: string[] = []
    const c = runner([textOnly, withVector], embedded)

    await runHostedExperts(c, { text: 'only text', spaceId: SPACE, expertIds: [textOnly.expertId] })
    expect(embedded).toEqual([])
    expect(textOnly.asked[0].query).toEqual({ text: 'only text', vector: undefined })

    await runHostedExperts(c, { text: 'needs one', spaceId: SPACE, expertIds: [textOnly.expertId, withVector.expertId], vector: new Float32Array(0) })
    expect(embedded).toEqual(['needs one'])
    expect(withVector.asked[0].query.vector).toEqual(Float32Array.from([0, 1, 0, 0]))
    expect(textOnly.asked[1].query.vector).toBeUndefined()

    const sent = Float32Array.from({ length: DIM }, (_, i) => i)
    await runHostedExperts(c, { text: 'came with one', spaceId: SPACE, expertIds: [withVector.expertId], vector: sent })
    expect(embedded).toEqual(['needs one'])
    expect(withVector.asked[1].query.vector).toBe(sent)
  })

  it('passes the caller\'s signal to every expert and refuses to start once it is aborted', async () => {
    const e = new FakeExpert({ id: idOf('sig') })
    const controller = new AbortController()
    await runHostedExperts(runner([e]), { text: 'q', spaceId: SPACE, expertIds: [e.expertId] }, { signal: controller.signal })
    expect(e.asked[0].signal).toBe(controller.signal)
    controller.abort()
    await expect(runHostedExperts(runner([e]), { text: 'q', spaceId: SPACE, expertIds: [e.expertId] }, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' })
    expect(e.asked).toHaveLength(1)
  })

  it('competenceOnly: runs no model, charges nothing, embeds a text-only query, and answers each expert\'s score', async () => {
    const scored = new FakeExpert({ id: idOf('scored'), price: 4, competence: 0.42 })
    const blank = new FakeExpert({ id: idOf('blank'), price: 4 })
    const broken = new FakeExpert({ id: idOf('broken'), competence: new InvalidExpertQueryError('no vector') })
    const embedded: string[] = []
    const answers = await runHostedExperts(runner([scored, blank, broken], embedded), {
      text: 'how do I bake bread', spaceId: SPACE, expertIds: [scored.expertId, blank.expertId, broken.expertId, idOf('nobody')], maxPrice: 1, competenceOnly: true
    })
    expect(answers.map((a) => a.error)).toEqual([undefined, undefined, 'BAD_REQUEST', 'UNKNOWN_EXPERT'])
    expect(answers[0]).toMatchObject({ expertId: scored.expertId, price: 0, competence: 0.42 })
    expect(answers[0].distribution).toBeUndefined()
    expect(answers[1]).not.toHaveProperty('competence')
    expect(answers.every((a) => a.price === 0)).toBe(true)
    expect(scored.asked).toHaveLength(0)
    expect(blank.asked).toHaveLength(0)
    expect(embedded).toEqual(['how do I bake bread'])
    expect(Array.from(scored.competenceAsked[0].query.vector ?? [])).toEqual([0, 1, 0, 0])
  })

  it('adds the competence score to ordinary answers when the query has a vector; a failing score keeps the answer', async () => {
    const scored = new FakeExpert({ id: idOf('scored'), needsVector: true, competence: 0.3, answer: Float32Array.from([0.7, 0.3]) })
    const broken = new FakeExpert({ id: idOf('broken'), needsVector: true, competence: new Error('boom') })
    const answers = await runHostedExperts(runner([scored, broken]), {
      text: 'x', vector: new Float32Array(DIM).fill(0.5), spaceId: SPACE, expertIds: [scored.expertId, broken.expertId]
    })
    expect(answers[0]).toMatchObject({ competence: 0.3 })
    expect(answers[0].distribution).toEqual(Float32Array.from([0.7, 0.3]))
    expect(answers[1].error).toBeUndefined()
    expect(answers[1]).not.toHaveProperty('competence')
  })

  it('leaves the competence scores out of ordinary answers, without computing them, when the caller already has them', async () => {
    const scored = new FakeExpert({ id: idOf('scored'), needsVector: true, competence: 0.3, answer: Float32Array.from([0.7, 0.3]) })
    const answers = await runHostedExperts(runner([scored]), {
      text: 'x', vector: new Float32Array(DIM).fill(0.5), spaceId: SPACE, expertIds: [scored.expertId], withoutCompetence: true
    })
    expect(answers[0].distribution).toEqual(Float32Array.from([0.7, 0.3]))
    expect(answers[0]).not.toHaveProperty('competence')
    expect(scored.competenceAsked).toHaveLength(0)
  })

  it('carries the private scores (privateCompetence, inDomain) beside competence, in probes and in ordinary answers', async () => {
    const scores = { shared: 0.5, private: 0.25, inDomain: -3.5 }
    const full = new FakeExpert({ id: idOf('full'), needsVector: true, competence: scores, answer: Float32Array.from([0.6, 0.4]) })
    const sharedOnly = new FakeExpert({ id: idOf('shared'), needsVector: true, competence: 0.125 })
    const probe = await runHostedExperts(runner([full, sharedOnly]), { text: 'q', spaceId: SPACE, expertIds: [full.expertId, sharedOnly.expertId], competenceOnly: true })
    expect(probe[0]).toMatchObject({ competence: 0.5, privateCompetence: 0.25, inDomain: -3.5, price: 0 })
    expect(probe[1]).toMatchObject({ competence: 0.125 })
    expect(probe[1]).not.toHaveProperty('privateCompetence')
    expect(probe[1]).not.toHaveProperty('inDomain')
    const answers = await runHostedExperts(runner([full]), { text: 'q', vector: new Float32Array(DIM).fill(0.5), spaceId: SPACE, expertIds: [full.expertId] })
    expect(answers[0]).toMatchObject({ competence: 0.5, privateCompetence: 0.25, inDomain: -3.5 })
    expect(answers[0].distribution).toEqual(Float32Array.from([0.6, 0.4]))
    expect(full.competenceAsked.at(-1)?.query.text).toBe('q')
  })
})
