/**
 * The dashboard in a real browser: two daemons on 127.0.0.1 with two topic experts each, Debian's chromium driven by
 * playwright-core, and assertions on what a person sees. Writes `test-results/dashboard.png`.
 *
 * Skipped, with the reason printed, where chromium is not installed (`.ci/run` installs it on CI);
 * `MOEMESH_CHROMIUM` names another binary.
 */
import { existsSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { SeededRandom } from '../../src/text/random.js'
import {
  buildTestEmbedder, knowsCard, startTestNode, stopTestNodes, tempDir, topicText, trainTopicExperts, waitFor, type TestNode
} from '../helpers/network.js'

const CHROMIUM = process.env.MOEMESH_CHROMIUM ?? '/usr/bin/chromium'
const HAVE_CHROMIUM = existsSync(CHROMIUM)
const SCREENSHOT = resolve('test-results/dashboard.png')
/** Retry `check` until it passes (the page updates asynchronously), failing with its last error. */
async function eventually (check: () => Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await check()
      return
    } catch (err) {
      if (Date.now() > deadline) throw err
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function text (page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent({ timeout: 5_000 })) ?? ''
}

if (!HAVE_CHROMIUM) console.log(`dashboard browser test skipped: no chromium at ${CHROMIUM} (install it: apt-get install chromium; .ci/run does)`)

describe.skipIf(!HAVE_CHROMIUM)('dashboard in a real browser', () => {
  const nodes: TestNode[] = []
  let artefacts = ''
  let browser: Browser | undefined
  let page: Page
  let a: TestNode
  let b: TestNode
  const pageErrors: Error[] = []

  beforeAll(async () => {
    const embedderModel = buildTestEmbedder()
    artefacts = await tempDir('dashboard')
    const [dirs] = await Promise.all([
      trainTopicExperts(artefacts, embedderModel),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
      }).then((br) => { browser = br })
    ])
    a = await startTestNode({ name: 'a', embedderModel, experts: [dirs.animal, dirs.finance] })
    nodes.push(a)
    b = await startTestNode({ name: 'b', embedderModel, experts: [dirs.sport, dirs.weather], bootstrap: a.daemon.addrs() })
    nodes.push(b)
    await waitFor('a to know b\'s cards', () => knowsCard(a, b.daemon.peerId) && a.daemon.index.entries().length === 4, 15_000)
    page = await browser!.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 })
    page.on('pageerror', (err) => { pageErrors.push(err) })
    await page.goto(`http://${a.daemon.apiAddress}/`)
  })

  afterAll(async () => {
    expect(pageErrors).toEqual([])
    await browser?.close()
    await stopTestNodes(nodes)
    if (artefacts !== '') await rm(artefacts, { recursive: true, force: true })
  })

  it('draws one mark per card on the capability map, where the index has them', async () => {
    await page.locator('#map .card-mark').first().waitFor()
    const marks = await page.$$eval('#map .card-mark', (els) => els.map((e) => `${e.getAttribute('data-peer')}/${e.getAttribute('data-expert')}`))
    const cards = a.daemon.index.entries().map((e) => `${e.peerId}/${e.expertId}`)
    expect(marks.sort()).toEqual(cards.sort())
    expect(await page.locator('#map .centroid').count()).toBe(a.daemon.index.entries().reduce((n, e) => n + e.card.centroids.length, 0))
    // every card is labelled with its expert's name, and the legend names every expert
    const labels = await page.locator('#map .card-label').allTextContents()
    expect(labels.sort()).toEqual(['animal-expert', 'finance-expert', 'sport-expert', 'weather-expert'])
    for (const name of labels) expect(await page.locator('#map-legend').getByText(name).isVisible()).toBe(true)
    // the peer graph: this node and the one peer, directly connected
    const edges = await page.$$eval('#peers-graph .peer-edge', (els) => els.map((e) => ({ peer: e.getAttribute('data-peer'), cls: e.getAttribute('class') })))
    expect(edges).toEqual([{ peer: b.daemon.peerId, cls: 'peer-edge direct' }])
  })

  it('answers a query typed in the form and shows its route: lines from the query to the experts it went to', async () => {
    const query = topicText('sport', 'high', new SeededRandom(9))
    await page.fill('#text', query)
    await page.click('#ask')
    await page.waitForSelector('body[data-answered]')
    const label = await page.locator('#answer .label').textContent()
    expect(label).toBe('sport-high')
    const routed = await page.$$eval('#answer .route-row', (els) => els.map((e) => `${e.getAttribute('data-peer')}/${e.getAttribute('data-expert')}`))
    const sport = a.daemon.index.entries().find((e) => e.card.name === 'sport-expert')!
    expect(routed[0]).toBe(`${b.daemon.peerId}/${sport.expertId}`)
    // one line per routed expert, from the query's point to that expert's mark
    expect(await page.locator('#map .query-mark').count()).toBe(1)
    const lines = await page.$$eval('#map .route-line', (els) => els.map((e) => ({
      key: `${e.getAttribute('data-peer')}/${e.getAttribute('data-expert')}`, x2: Number(e.getAttribute('data-x2')), y2: Number(e.getAttribute('data-y2'))
    })))
    expect(lines.map((l) => l.key)).toEqual(routed)
    for (const line of lines) {
      const [peer, expert] = line.key.split('/')
      const mark = page.locator(`#map .card-mark[data-peer="${peer}"][data-expert="${expert}"]`)
      expect(Number(await mark.getAttribute('data-cx'))).toBeCloseTo(line.x2, 1)
      expect(Number(await mark.getAttribute('data-cy'))).toBeCloseTo(line.y2, 1)
    }
    expect(await text(page, '#map-caption')).toContain(query.slice(0, 40))
  })

  it('shows live counters, and parses the Prometheus text of /metrics when the node serves it', async () => {
    // the status is polled every 3 s: the remote call made for the query above shows up within one poll
    await eventually(async () => {
      expect(await text(page, '#counters .tile[data-name="cards known"] .value')).toBe('4')
      expect(Number(await text(page, '#counters .tile[data-name="calls to peers"] .value'))).toBeGreaterThan(0)
    }, 8_000)
    const metrics = await fetch(`http://${a.daemon.apiAddress}/metrics`)
    if (metrics.status === 404) expect(await text(page, '#metrics-note')).toContain('does not serve GET /metrics')
    else await eventually(async () => { expect(await page.locator('#metrics .tile').count()).toBeGreaterThan(0) })
    await mkdir(resolve('test-results'), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })

    // the parser, on a fixed exposition (a second page, so the screenshot above shows the node's real state)
    const other = await browser!.newPage()
    await other.route('**/metrics', async (route) => {
      await route.fulfill({
        status: 200,
        contentType: 'text/plain; version=0.0.4',
        body: [
          '# HELP moemesh_queries_total Queries routed, by outcome.', '# TYPE moemesh_queries_total counter',
          'moemesh_queries_total{outcome="answered"} 3', 'moemesh_queries_total{outcome="abstained"} 1',
          '# TYPE moemesh_route_latency_seconds histogram',
          'moemesh_route_latency_seconds_bucket{le="0.1"} 1', 'moemesh_route_latency_seconds_bucket{le="+Inf"} 2',
          'moemesh_route_latency_seconds_sum 0.5', 'moemesh_route_latency_seconds_count 2',
          '# TYPE libp2p_connections gauge', 'libp2p_connections 1', ''
        ].join('\n')
      })
    })
    await other.goto(`http://${a.daemon.apiAddress}/`)
    await eventually(async () => {
      expect(await text(other, '#metrics .tile[data-name="queries_total"] .value')).toBe('4')
      expect(await text(other, '#metrics .tile[data-name="queries_total"] .sub')).toContain('answered 3')
      expect(await text(other, '#metrics .tile[data-name="route_latency_seconds"] .value')).toBe('2')
      expect(await text(other, '#metrics .tile[data-name="route_latency_seconds"] .sub')).toBe('mean 0.25')
    })
    await other.close()
    console.log(`dashboard screenshot: ${SCREENSHOT}`)
  })
})
