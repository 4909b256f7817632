/**
 * `moemesh network create|list|show`: named network files under `<dataDir>/networks/` (name, embedding space,
 * bootstrap addresses, optional swarm key), which `moemesh start --network <name|file>` joins.
 */
import { Command } from 'commander'
import { ensureEmbedder } from '../../embed/space.js'
import { checkNetworkName, generatePsk, listNetworks, loadNetwork, LOCAL_NETWORK, NETWORK_FORMAT, saveNetwork, validateNetworkFile, type NetworkFile } from '../../node/network-file.js'
import type { CliContext } from '../context.js'

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

function describe (network: NetworkFile): string[] {
  return [
    `name       ${network.name}`,
    `space      ${network.spaceId}`,
    `bootstrap  ${network.bootstrap.length === 0 ? '(none yet: the first node; add its address with `network create --force`)' : network.bootstrap.join('\n           ')}`,
    `access     ${network.psk != null ? 'private: pre-shared key (give this file only to members)' : 'open: any node that knows a bootstrap address'}`
  ]
}

/** Register `network` and its subcommands on `program`. */
export function registerNetworkCommands (program: Command, ctx: CliContext): void {
  const dataDir = (): string => ctx.dataDir(program.opts<{ dataDir?: string }>().dataDir)
  const network = program.command('network').description('named networks to join: create, list and show network files')

  network.command('create')
    .description('write a network file <data-dir>/networks/<name>.json that others join with `moemesh start --network <file>`')
    .argument('<name>', 'network name: lowercase letters, digits, - and _')
    .option('--bootstrap <multiaddr>', 'address of a node of the network, /ip4/…/tcp/…/p2p/<id> (repeatable)', collect)
    .option('--psk', 'make it a private swarm: generate a pre-shared key; only nodes with the file can connect')
    .option('--space <id>', "embedding space id (default: this node's embedder's)")
    .option('--force', 'overwrite an existing file of that name')
    .action(async (name: string, opts: { bootstrap?: string[], psk?: boolean, space?: string, force?: boolean }) => {
      checkNetworkName(name)
      const dir = dataDir()
      let spaceId = opts.space
      if (spaceId == null) {
        const bar = ctx.progress()
        try { spaceId = (await ensureEmbedder(dir, { onProgress: (f, s) => { bar.update(f, s) } })).spaceId } finally { bar.done() }
      }
      const file: NetworkFile = { format: NETWORK_FORMAT, name, spaceId, bootstrap: opts.bootstrap ?? [], ...(opts.psk === true ? { psk: generatePsk() } : {}) }
      const path = await saveNetwork(dir, validateNetworkFile(file, '--space/--bootstrap'), { force: opts.force })
      ctx.print(`wrote ${path}`)
      for (const line of describe(file)) ctx.print(line)
      ctx.print(`join it: moemesh start --network ${name}   (on another machine: copy the file there, then --network <path>)`)
    })

  network.command('list')
    .description('list the built-in local network and the network files in the data dir')
    .action(async () => {
      ctx.print(`${LOCAL_NETWORK.padEnd(20)} built-in: this LAN (mDNS) and --bootstrap peers, no key`)
      for (const n of await listNetworks(dataDir())) {
        if (n.network == null) ctx.print(`${n.name.padEnd(20)} INVALID: ${String(n.problem)}`)
        else ctx.print(`${n.name.padEnd(20)} ${n.network.bootstrap.length} bootstrap address${n.network.bootstrap.length === 1 ? '' : 'es'}, ${n.network.psk != null ? 'private (key)' : 'open'}, space ${n.network.spaceId.slice(0, 12)}…  ${n.path}`)
      }
    })

  network.command('show')
    .description('show a network file (the key itself is not printed)')
    .argument('<name|file>', 'network name or path of a network file')
    .action(async (ref: string) => {
      if (ref === LOCAL_NETWORK) { ctx.print(`${LOCAL_NETWORK}: built-in; peers found by mDNS on this LAN and --bootstrap; no key`); return }
      const { path, network: n } = await loadNetwork(dataDir(), ref)
      ctx.print(`file       ${path}`)
      for (const line of describe(n)) ctx.print(line)
    })
}

