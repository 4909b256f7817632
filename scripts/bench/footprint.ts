/**
 * Idle memory of a client-only node (hosting no experts): starts one Daemon from the data dir's embedder, waits,
 * collects garbage when allowed (`node --expose-gc`), and prints RSS with a heap / external breakdown.
 *
 *   node --expose-gc dist/scripts/bench/footprint.js [--json FILE] [--backend worker|in-process] [--wait-ms N]
 */
import '../../src/polyfill.js'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { out, table } from '../../src/cli/output.js'
import { ensureEmbedder } from '../../src/embed/space.js'
import { defaultDataDir, validateConfig } from '../../src/node/config.js'
import { Daemon } from '../../src/node/daemon.js'
import type { BackendMode } from '../../src/onnx/worker-backend.js'

const { values } = parseArgs({ options: { json: { type: 'string' }, backend: { type: 'string', default: 'worker' }, 'wait-ms': { type: 'string', default: '3000' } } })
const mb = (x: number): number => Math.round(x / 104857.6) / 10
const rows: Array<Array<string | number>> = []
const result: Record<string, unknown> = { backend: values.backend, node: process.version }
function sample (stage: string): void {
  (globalThis as { gc?: () => void }).gc?.()
  const m = process.memoryUsage()
  rows.push([stage, mb(m.rss), mb(m.heapUsed), mb(m.external), mb(m.arrayBuffers)])
  result[stage] = { rss_mb: mb(m.rss), heap_used_mb: mb(m.heapUsed), external_mb: mb(m.external), array_buffers_mb: mb(m.arrayBuffers) }
}

sample('modules loaded')
const dataDir = defaultDataDir()
await ensureEmbedder(dataDir) // built once if missing; the node reads it again below, as a real start does
sample('embedder checked')
const tmp = await mkdtemp(join(tmpdir(), 'moemesh-footprint-'))
const config = validateConfig({ dataDir: tmp, listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [], api: '127.0.0.1:0', mdns: false, experts: [], zoo: false })
// the node reads the data dir's embedder itself, as `moemesh start` does
await mkdir(join(tmp, 'embedder'), { recursive: true })
await symlink(join(dataDir, 'embedder', 'model.onnx'), join(tmp, 'embedder', 'model.onnx'))
const daemon = await Daemon.start(config, { backendMode: values.backend as BackendMode })
await new Promise((resolve) => setTimeout(resolve, Number(values['wait-ms'])))
sample('client-only node idle')
await daemon.embedder.embed(['warm the embedder up'])
await new Promise((resolve) => setTimeout(resolve, 500))
sample('after one embedding')
await daemon.stop()
await rm(tmp, { recursive: true, force: true })
out.line(table(['stage', 'rss MB', 'heap used MB', 'external MB', 'array buffers MB'], rows))
result.client_idle_rss_mb = (result['client-only node idle'] as { rss_mb: number }).rss_mb
if (values.json != null) await writeFile(values.json, JSON.stringify(result, null, 2) + '\n')
