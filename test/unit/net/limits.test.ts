/**
 * One set of wire limits (src/net/limits.ts): an expert package at every limit at once loads, becomes an advert
 * that receivers accept, and is indexed; one step over any limit is refused by the manifest validator (or the
 * capability file) and by the advert codec alike, so nothing passes packaging only to be refused on the wire.
 */
import { expertCard } from '../../../src/experts/expert.js'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrivateKey } from '@libp2p/interface'
import { MAX_PRICE_CREDITS } from '../../../src/constants.js'
import { decodeCapability, encodeCapability } from '../../../src/experts/capability.js'
import { ExpertPackageError } from '../../../src/experts/errors.js'
import { buildExpertModel } from '../../../src/experts/expert-model.js'
import { loadExpertPackage, writeExpertPackage, type ExpertPackage } from '../../../src/experts/expert-package.js'
import { EXPERT_FORMAT, MAX_SHORT_TEXT_CHARS, validateManifest, type ExpertManifest } from '../../../src/experts/manifest.js'
import { buildSignedAdvert, encodeAdvert, verifyAdvert, type AdvertInput } from '../../../src/net/advert-codec.js'
import type { CardData } from '../../../src/net/advert-types.js'
import { InvalidAdvertError } from '../../../src/net/errors.js'
import {
  MAX_ADDR_BYTES, MAX_ADVERT_ADDRS, MAX_ADVERT_BYTES, MAX_CENTROID_VALUES, MAX_CENTROIDS_PER_CARD, MAX_DESCRIPTION_CHARS,
  MAX_DIM, MAX_GATE_MAGNITUDE, MAX_LABEL_CHARS, MAX_LABELS, MAX_NAME_CHARS, MAX_VERSION_CHARS
} from '../../../src/net/limits.js'
import { CapabilityIndex } from '../../../src/routing/capability-index.js'
import { jsKernel } from '../../../src/routing/dot-kernel.js'

const SPACE = 'c'.repeat(64)
const NOW = 1_700_000_000_000
/** A 3-byte UTF-8 character: the worst case per character for the advert size. */
const WIDE = '€'

/** A kebab-case name of exactly `n` characters. */
function longName (n: number): string {
  return `${'a'.repeat(n - 2)}-b`
}

/** The longest version the manifest's MAJOR.MINOR.PATCH-suffix pattern accepts (62 characters). */
function longVersion (): string {
  return `${'9'.repeat(9)}.${'9'.repeat(9)}.${'9'.repeat(9)}-${'x'.repeat(32)}`
}

/** `count` distinct labels of `chars` 3-byte characters each. */
function wideLabels (count: number, chars: number): string[] {
  return Array.from({ length: count }, (_, i) => String.fromCharCode(0x4e00 + i) + WIDE.repeat(chars - 1))
}

function maxManifest (dim: number, extra: Partial<ExpertManifest> = {}): ExpertManifest {
  return {
    format: EXPERT_FORMAT,
    name: longName(MAX_NAME_CHARS),
    version: longVersion(),
    task: 'classification',
    inputKind: 'embedding',
    labels: wideLabels(MAX_LABELS, MAX_LABEL_CHARS),
    description: WIDE.repeat(MAX_DESCRIPTION_CHARS),
    trainedOn: { source: 's'.repeat(MAX_SHORT_TEXT_CHARS), examples: 1_000_000, license: 'l'.repeat(MAX_SHORT_TEXT_CHARS) },
    license: 'l'.repeat(MAX_SHORT_TEXT_CHARS),
    price: MAX_PRICE_CREDITS,
    spaceId: SPACE,
    dim,
    metrics: { heldOutAccuracy: 1, heldOutExamples: 1_000_000 },
    ...extra
  }
}

/** `count` distinct unit rows of length `dim`. */
function unitRows (count: number, dim: number): Float32Array[] {
  return Array.from({ length: count }, (_, i) => {
    const row = new Float32Array(dim)
    row[i % dim] = 1
    return row
  })
}

function zeroModel (classes: number, dim: number): Uint8Array {
  return buildExpertModel({
    inputKind: 'embedding',
    classes,
    dim,
    buckets: 0,
    hidden: 0,
    embeddingWeight: new Float32Array(dim * classes),
    bias: new Float32Array(classes)
  })
}

/** The card a node advertises for a package (the builder LocalExpert.card() uses). */
function cardOf (pkg: ExpertPackage): CardData {
  return expertCard(pkg, 1, pkg.manifest.inputKind as CardData['inputKind'])
}

/** Sixteen addresses of close to MAX_ADDR_BYTES each. */
function longAddrs (): string[] {
  return Array.from({ length: MAX_ADVERT_ADDRS }, (_, i) => {
    const addr = `/dns4/${String(i).padStart(2, '0')}${'h'.repeat(MAX_ADDR_BYTES - 20)}/tcp/4001`
    expect(multiaddr(addr).bytes.length).toBeLessThanOrEqual(MAX_ADDR_BYTES)
    return addr
  })
}

function advertInput (cards: CardData[]): AdvertInput {
  return { seqno: NOW, expiresAt: NOW + 60_000, addrs: longAddrs(), spaceId: SPACE, cards }
}

let dir: string
let key: PrivateKey

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'moemesh-limits-'))
  key = await generateKeyPair('Ed25519')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('wire limits', () => {
  const shapes = [
    { what: 'most centroids', centroids: MAX_CENTROIDS_PER_CARD, dim: MAX_CENTROID_VALUES / MAX_CENTROIDS_PER_CARD },
    { what: 'largest dim', centroids: Math.floor(MAX_CENTROID_VALUES / MAX_DIM), dim: MAX_DIM }
  ]

  for (const shape of shapes) {
    it(`a package at every limit (${shape.what}: ${shape.centroids} x ${shape.dim}) loads, is advertised, verified and indexed`, async () => {
      // the gate at its largest: dim weights at the magnitude bound, bias and cut at theirs
      const gate = { weights: Array.from({ length: shape.dim }, (_, j) => (j % 2 === 0 ? 1 : -1) * MAX_GATE_MAGNITUDE), bias: -MAX_GATE_MAGNITUDE, abstainBelow: MAX_GATE_MAGNITUDE }
      const manifest = maxManifest(shape.dim, { gate })
      expect(validateManifest(manifest)).toEqual(manifest)
      const written = await writeExpertPackage(join(dir, `max-${shape.dim}`), {
        manifest,
        modelBytes: zeroModel(MAX_LABELS, shape.dim),
        centroids: unitRows(shape.centroids, shape.dim)
      })
      const pkg = await loadExpertPackage(written.dir, { spaceId: SPACE, dim: shape.dim })
      expect(pkg.manifest.labels).toHaveLength(MAX_LABELS)
      expect(pkg.centroids).toHaveLength(shape.centroids)

      const card = cardOf(pkg)
      const bytes = await buildSignedAdvert(advertInput([card]), key, { now: NOW, spaceDim: shape.dim })
      expect(bytes.length).toBeLessThanOrEqual(MAX_ADVERT_BYTES)
      const peerId = peerIdFromPrivateKey(key).toString()
      const verdict = await verifyAdvert(bytes, { from: peerId, spaceId: SPACE, now: NOW, spaceDim: shape.dim })
      if (!verdict.ok) throw new Error(`advert refused: ${verdict.reason} (${verdict.detail})`)
      const received = verdict.advert.cards[0]
      expect(received).toMatchObject({ name: manifest.name, version: manifest.version, description: manifest.description, dim: shape.dim })
      expect(received.labels).toEqual(manifest.labels)
      expect(received.centroids).toHaveLength(shape.centroids)
      expect(received.gate?.weights).toHaveLength(shape.dim)
      expect(received.gate?.bias).toBe(-MAX_GATE_MAGNITUDE)

      const index = new CapabilityIndex({ kernel: jsKernel })
      expect(index.applyAdvert(verdict.advert, NOW)).toBe(true)
      expect(index.get(peerId, pkg.expertId, NOW)?.card.labels).toHaveLength(MAX_LABELS)
      const hits = index.search(pkg.centroids[0], SPACE, { now: NOW })
      expect(hits.map(h => h.entry.expertId)).toEqual([pkg.expertId])
      expect(hits[0].similarity).toBeCloseTo(1, 5)
    })
  }

  it('one step over a card limit is refused by the manifest validator and by the advert codec alike', () => {
    const dim = 8
    const base = maxManifest(dim)
    const peerId = peerIdFromPrivateKey(key)
    const baseCard: CardData = {
      expertId: 'ab'.repeat(32),
      name: base.name,
      version: base.version,
      task: base.task,
      description: base.description,
      labels: base.labels,
      spaceId: SPACE,
      centroids: unitRows(1, dim),
      dim,
      price: base.price,
      load: 0,
      inputKind: 'embedding',
      accuracy: 1
    }
    // the limits themselves pass both
    validateManifest(base)
    encodeAdvert(advertInput([baseCard]), peerId, { now: NOW })

    const over: Array<{ field: string, manifest: Partial<ExpertManifest> }> = [
      { field: 'name', manifest: { name: longName(MAX_NAME_CHARS + 1) } },
      { field: 'version', manifest: { version: `1.0.0-${'x'.repeat(MAX_VERSION_CHARS - 5)}` } },
      { field: 'description', manifest: { description: 'd'.repeat(MAX_DESCRIPTION_CHARS + 1) } },
      { field: 'labels', manifest: { labels: wideLabels(MAX_LABELS + 1, 2) } },
      { field: 'labels[0]', manifest: { labels: ['x'.repeat(MAX_LABEL_CHARS + 1), 'y'] } },
      { field: 'dim', manifest: { dim: MAX_DIM + 1 } }
    ]
    for (const { field, manifest } of over) {
      expect(() => validateManifest({ ...base, ...manifest }), field).toThrow(ExpertPackageError)
      const card: CardData = { ...baseCard, ...(manifest as Partial<CardData>) }
      if (manifest.dim !== undefined) card.centroids = unitRows(1, manifest.dim)
      expect(() => encodeAdvert(advertInput([card]), peerId, { now: NOW }), field).toThrow(InvalidAdvertError)
    }
  })

  it('one centroid value over the per-card budget is refused by capability.bin and by the advert codec alike', () => {
    const dim = MAX_DIM
    const count = Math.floor(MAX_CENTROID_VALUES / dim) + 1
    const rows = unitRows(count, dim)
    expect(() => decodeCapability(encodeCapability({ spaceId: SPACE, dim, centroids: rows }))).toThrow(ExpertPackageError)
    const card: CardData = {
      expertId: 'cd'.repeat(32),
      name: 'too-wide',
      version: '1.0.0',
      task: 'classification',
      description: '',
      labels: ['a', 'b'],
      spaceId: SPACE,
      centroids: rows,
      dim,
      price: 0,
      load: 0,
      inputKind: 'embedding',
      accuracy: 0
    }
    expect(() => encodeAdvert({ ...advertInput([card]), addrs: [] }, peerIdFromPrivateKey(key), { now: NOW })).toThrow(InvalidAdvertError)
    const index = new CapabilityIndex({ kernel: jsKernel })
    index.setLocal('me', [card])
    expect(index.size).toBe(0)
  })
})
