import { describe, expect, it } from 'vitest'
import { fnv1aPlain } from '../../../src/text/hash.js'

describe('fnv1aPlain', () => {
  it('is the standard 32-bit FNV-1a (network-wide cell choices depend on it never changing)', () => {
    expect(fnv1aPlain('')).toBe(0x811c9dc5)
    expect(fnv1aPlain('a')).toBe(0xe40c292c)
    expect(fnv1aPlain('foobar')).toBe(0xbf9cf968)
  })
})
