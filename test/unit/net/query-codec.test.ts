/**
 * The query protocol's codec: a competence-only request and an answer's competence score survive the wire, and a
 * peer's non-finite or absurd competence is refused like any other malformed answer.
 */
import { describe, expect, it } from 'vitest'
import { moemesh } from '../../../src/gen/moemesh.js'
import { MAX_COMPETENCE_MAGNITUDE } from '../../../src/net/limits.js'
import { answerFromMessage, answerToMessage, requestFromMessage } from '../../../src/net/query-types.js'

const ID = 'ab'.repeat(32)

function wireRequest (extra: Partial<moemesh.QueryRequest.$Properties> = {}): moemesh.QueryRequest {
  const bytes = moemesh.QueryRequest.encode({
    id: 7, text: 'hello', vector: [0.6, 0.8], spaceId: 'cd'.repeat(32), expertIds: [Buffer.from(ID, 'hex')], deadlineMs: 1000, maxPrice: 0, ...extra
  }).finish()
  return moemesh.QueryRequest.decode(bytes)
}

/** An answer through real protobuf bytes, as a client decodes it. */
function overTheWire (answer: moemesh.ExpertAnswer.$Properties): moemesh.ExpertAnswer {
  return moemesh.ExpertAnswer.decode(moemesh.ExpertAnswer.encode(answer).finish())
}

describe('query codec', () => {
  it('carries competenceOnly in a request, and leaves it out of an ordinary one', () => {
    const asked = requestFromMessage(wireRequest({ competenceOnly: true }))
    expect(asked.ok && asked.request.competenceOnly).toBe(true)
    const plain = requestFromMessage(wireRequest())
    expect(plain.ok).toBe(true)
    if (plain.ok) expect(plain.request.competenceOnly).toBeUndefined()
  })

  it('carries withoutCompetence in a request, and leaves it out of an ordinary one', () => {
    const asked = requestFromMessage(wireRequest({ withoutCompetence: true }))
    expect(asked.ok && asked.request.withoutCompetence).toBe(true)
    const plain = requestFromMessage(wireRequest())
    if (plain.ok) expect(plain.request.withoutCompetence).toBeUndefined()
  })

  it('carries an answer competence (also zero, and on an answer with no distribution); absent stays absent', () => {
    const withScore = answerFromMessage(overTheWire(answerToMessage({ expertId: ID, distribution: Float32Array.of(0.25, 0.75), latencyMs: 1, price: 0.5, competence: 0.625 })))
    expect(typeof withScore === 'string' ? withScore : withScore.competence).toBeCloseTo(0.625, 6)
    const zero = answerFromMessage(overTheWire(answerToMessage({ expertId: ID, latencyMs: 0, price: 0, competence: 0 })))
    expect(typeof zero === 'string' ? zero : zero.competence).toBe(0)
    if (typeof zero !== 'string') expect(zero.distribution).toBeUndefined()
    const none = answerFromMessage(overTheWire(answerToMessage({ expertId: ID, distribution: Float32Array.of(1, 0), latencyMs: 1, price: 0 })))
    expect(typeof none === 'string' ? none : 'competence' in none).toBe(false)
  })

  it('refuses an answer whose competence is not finite or beyond the bound', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 2 * MAX_COMPETENCE_MAGNITUDE, -2 * MAX_COMPETENCE_MAGNITUDE]) {
      const got = answerFromMessage(overTheWire({ expertId: Buffer.from(ID, 'hex'), error: moemesh.ErrorCode.OK, distribution: [1, 0], latencyMs: 1, price: 0, competence: bad }))
      expect(typeof got, String(bad)).toBe('string')
      expect(got).toMatch(/competence/)
    }
  })

  it('carries privateCompetence and inDomain beside competence (also on a probe answer); absent stays absent', () => {
    const got = answerFromMessage(overTheWire(answerToMessage({ expertId: ID, latencyMs: 0, price: 0, competence: 0.5, privateCompetence: 0.375, inDomain: -4.25 })))
    expect(got).toMatchObject({ competence: 0.5, privateCompetence: 0.375, inDomain: -4.25, distribution: undefined })
    const zero = answerFromMessage(overTheWire(answerToMessage({ expertId: ID, latencyMs: 0, price: 0, competence: 0.5, privateCompetence: 0, inDomain: 0 })))
    expect(zero).toMatchObject({ privateCompetence: 0, inDomain: 0 })
    const none = answerFromMessage(overTheWire(answerToMessage({ expertId: ID, distribution: Float32Array.of(1, 0), latencyMs: 1, price: 0, competence: 0.5 })))
    expect(typeof none === 'string' ? none : 'privateCompetence' in none || 'inDomain' in none).toBe(false)
  })

  it('refuses an answer whose privateCompetence or inDomain is not finite or beyond the bound', () => {
    for (const field of ['privateCompetence', 'inDomain'] as const) {
      for (const bad of [Number.NaN, Number.NEGATIVE_INFINITY, 2 * MAX_COMPETENCE_MAGNITUDE]) {
        const got = answerFromMessage(overTheWire({ expertId: Buffer.from(ID, 'hex'), error: moemesh.ErrorCode.OK, distribution: [1, 0], latencyMs: 1, price: 0, [field]: bad }))
        expect(typeof got, `${field} ${bad}`).toBe('string')
        expect(got).toMatch(field === 'inDomain' ? /in-domain/ : /private competence/)
      }
    }
  })
})
