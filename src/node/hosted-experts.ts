/**
 * The registry of experts a node hosts, whatever runs them (an ONNX package here, a model server over HTTP):
 * the node sees each one only through the {@link Expert} interface.
 */
import { resolve } from 'node:path'
import { defaultLogger } from '@libp2p/logger'
import type { ComponentLogger, Logger } from '@libp2p/interface'
import type { CardData } from '../net/advert-types.js'
import type { InferenceBackend } from '../onnx/backend.js'
import type { Expert } from '../experts/expert.js'
import { loadExpertPackage } from '../experts/expert-package.js'
import { openExpertPackage } from '../experts/open-expert.js'
import { DuplicateExpertError, UnknownExpertError } from './errors.js'


/** What the registry needs to know about the node's embedding space. */
export interface HostedExpertsInit {
  /** Where ONNX experts run (HTTP experts run on their own servers). */
  backend: InferenceBackend
  spaceId: string
  dim: number
  /** Called after every add or remove with the new card set. */
  onChange?: (cards: CardData[]) => void
  /** Where this registry logs (`moemesh:node:experts`). @default defaultLogger() */
  logger?: ComponentLogger
}

/**
 * The experts this node hosts: loads packages (validated against the node's space), runs them, and makes
 * their cards. Experts can be added and removed while the node runs.
 */
export class HostedExperts {
  private readonly init: HostedExpertsInit
  private readonly experts = new Map<string, { expert: Expert, dir: string, given: string }>()
  /** Expert ids being loaded right now, so two concurrent adds of one package cannot both succeed. */
  private readonly adding = new Set<string>()
  private readonly log: Logger

  constructor (init: HostedExpertsInit) {
    this.init = init
    this.log = (init.logger ?? defaultLogger()).forComponent('moemesh:node:experts')
  }

  /**
   * Load and host the package in `dir` (a model.onnx package or one served over HTTP).
   * @throws {DuplicateExpertError} when an expert with the same id is hosted or being added; the package's
   * validation errors; whatever `onChange` throws (the expert is then not hosted).
   */
  async add (dir: string, options: { signal?: AbortSignal } = {}): Promise<Expert> {
    const pkg = await loadExpertPackage(dir, { spaceId: this.init.spaceId, dim: this.init.dim, signal: options.signal })
    if (this.experts.has(pkg.expertId) || this.adding.has(pkg.expertId)) throw new DuplicateExpertError(pkg.manifest.name, pkg.expertId)
    if (pkg.manifest.capabilitySha256 === undefined) this.log('warning: %s has no capabilitySha256 in expert.json, so damage to its capability.bin cannot be detected; export it again to add one', dir)
    this.adding.add(pkg.expertId)
    let expert: Expert
    try {
      expert = await openExpertPackage(pkg, { backend: this.init.backend, signal: options.signal })
    } finally {
      this.adding.delete(pkg.expertId)
    }
    this.experts.set(pkg.expertId, { expert, dir: pkg.dir, given: dir })
    try {
      // Advertising can refuse the new card set (too many cards, an advert too large): then the expert is not
      // hosted at all, rather than routable here but unknown to the network.
      this.changed()
    } catch (err) {
      this.experts.delete(pkg.expertId)
      await expert.close()
      this.changed()
      throw err
    }
    this.log('hosting %s expert %s (%s) from %s', expert.kind, pkg.manifest.name, pkg.expertId.slice(0, 12), dir)
    return expert
  }

  /**
   * Host an {@link Expert} built in code (not loaded from a package folder): a library user's own backend, or a
   * test double. It is advertised like any other; its card must fit the node's space.
   * @throws {DuplicateExpertError} when an expert with the same id is hosted; whatever `onChange` throws
   */
  host (expert: Expert, label = `in-process:${expert.manifest.name}`): void {
    if (this.experts.has(expert.expertId) || this.adding.has(expert.expertId)) throw new DuplicateExpertError(expert.manifest.name, expert.expertId)
    this.experts.set(expert.expertId, { expert, dir: label, given: label })
    try {
      this.changed()
    } catch (err) {
      this.experts.delete(expert.expertId)
      this.changed()
      throw err
    }
    this.log('hosting in-process expert %s (%s)', expert.manifest.name, expert.expertId.slice(0, 12))
  }

  /** Stop hosting the expert with this id, name or package folder. */
  async remove (idOrName: string): Promise<{ expertId: string, name: string }> {
    const found = this.find(idOrName)
    if (found == null) throw new UnknownExpertError(idOrName)
    this.experts.delete(found.expertId)
    await found.close()
    this.log('removed %s', found.manifest.name)
    this.changed()
    return { expertId: found.expertId, name: found.manifest.name }
  }

  /**
   * The hosted expert with this id, name, package folder, or unique id prefix (8+ hex characters, as
   * `moemesh experts` shows ids). An ambiguous prefix matches nothing.
   */
  find (idOrName: string): Expert | undefined {
    const byId = this.experts.get(idOrName)
    if (byId != null) return byId.expert
    for (const { expert, given } of this.experts.values()) {
      if (expert.manifest.name === idOrName || given === idOrName) return expert
    }
    const path = resolve(idOrName)
    for (const { expert, dir } of this.experts.values()) {
      if (dir === path) return expert
    }
    const prefix = idOrName.toLowerCase()
    if (!/^[0-9a-f]{8,64}$/.test(prefix)) return undefined
    const matches = this.list().filter((e) => e.expertId.startsWith(prefix))
    return matches.length === 1 ? matches[0] : undefined
  }

  /** The expert with exactly this id. */
  get (expertId: string): Expert | undefined {
    return this.experts.get(expertId)?.expert
  }

  /** Whether an expert with exactly this id is hosted. */
  has (expertId: string): boolean {
    return this.experts.has(expertId)
  }

  /** Every hosted expert. */
  list (): Expert[] {
    return [...this.experts.values()].map((e) => e.expert)
  }

  /** Current cards (with current load). */
  cards (): CardData[] {
    return this.list().map((e) => e.card())
  }

  /** Close every expert. */
  async closeAll (): Promise<void> {
    const all = this.list()
    this.experts.clear()
    await Promise.allSettled(all.map(async (e) => { await e.close() }))
  }

  private changed (): void {
    this.init.onChange?.(this.cards())
  }
}
