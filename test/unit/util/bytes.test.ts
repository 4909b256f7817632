import { describe, expect, it } from 'vitest'
import { bytesEqual, domainPrefix, signingPayload } from '../../../src/util/bytes.js'

describe('bytes', () => {
  it('compares bytes by length and content, whatever the view', () => {
    const backing = new Uint8Array([9, 1, 2, 3])
    expect(bytesEqual(backing.subarray(1), new Uint8Array([1, 2, 3]))).toBe(true)
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false)
    expect(bytesEqual(new Uint8Array([1, 2, 4]), new Uint8Array([1, 2, 3]))).toBe(false)
    expect(bytesEqual(new Uint8Array(), new Uint8Array())).toBe(true)
  })

  it('puts the domain prefix before the message, so one message signs differently in two domains', () => {
    const message = new Uint8Array([7, 8])
    expect(Array.from(signingPayload(domainPrefix('ab:'), message))).toEqual([97, 98, 58, 7, 8])
    expect(bytesEqual(signingPayload(domainPrefix('moemesh-advert:'), message), signingPayload(domainPrefix('moemesh-attest:'), message))).toBe(false)
  })
})
