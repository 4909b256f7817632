/**
 * The web dashboard: one self-contained page (no build step, no external assets, no chart library: plain SVG and
 * vanilla JS) that reads the node's own API. Served at `/` by the API server.
 *
 * What it shows: a query form with the answer and its route; the capability map (`GET /v1/map`: every card's
 * centroids on the two principal axes of the shared space, the last query and lines to the experts it went to);
 * the peer graph (`GET /v1/peers`, relayed connections dashed); live counters (`GET /v1/status`, and
 * `GET /metrics` parsed from the Prometheus text where the node serves it); the ledger (`GET /v1/ledger` where
 * served, the status totals otherwise); and the experts table. Endpoints a node does not serve (404) are
 * skipped with a short note, never an error.
 */
export const DASHBOARD_HTML = String.raw`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>moemesh node</title><link rel="icon" href="data:,">
<style>
:root{--bg:#0e1320;--panel:#151c2c;--panel2:#1b2436;--line:#26314a;--text:#e7ebf3;--muted:#8b95aa;--accent:#5cc8ff;--accent2:#ffb454;--bad:#ff6b6b;--good:#5fd38d}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:var(--bg);color:var(--text)}
header{display:flex;align-items:center;gap:16px;padding:12px 22px;border-bottom:1px solid var(--line);background:#0b101b;position:sticky;top:0;z-index:2}
header h1{font-size:17px;margin:0;letter-spacing:.3px}header h1 b{color:var(--accent)}
.pill{display:inline-flex;align-items:center;gap:6px;padding:3px 10px;border-radius:999px;background:var(--panel2);color:var(--muted);font-size:12px;border:1px solid var(--line)}
.pill i{width:8px;height:8px;border-radius:50%;background:var(--good);display:inline-block}
.pill.off i{background:var(--bad)}
main{padding:18px 22px;display:grid;gap:16px;grid-template-columns:minmax(0,2fr) minmax(300px,1fr);max-width:1500px;margin:0 auto}
section{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:14px 16px;min-width:0}
.wide{grid-column:1/-1}
h2{font-size:13px;margin:0 0 10px;text-transform:uppercase;letter-spacing:.8px;color:var(--muted);font-weight:600;display:flex;align-items:center;gap:10px}
h2 .grow{flex:1}
.muted{color:var(--muted)}.err{color:var(--bad)}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all;color:#c3cbe0}td code{white-space:nowrap;word-break:normal}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}th{color:var(--muted);font-weight:500;font-size:12px}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
form{display:flex;gap:8px;flex-wrap:wrap}
input[type=text]{flex:1;min-width:240px;padding:10px 12px;border-radius:8px;border:1px solid var(--line);background:var(--panel2);color:var(--text);font-size:15px}
input[type=text]:focus{outline:2px solid var(--accent);border-color:transparent}
select,button{padding:9px 12px;border-radius:8px;border:1px solid var(--line);background:var(--panel2);color:var(--text);font-size:14px}
button{background:var(--accent);color:#04121c;border:none;font-weight:600;cursor:pointer}button:disabled{opacity:.6}
.seg{display:inline-flex;border:1px solid var(--line);border-radius:7px;overflow:hidden}.seg button{background:transparent;color:var(--muted);border-radius:0;padding:3px 9px;font-size:12px;font-weight:500}
.seg button.on{background:var(--panel2);color:var(--text)}
#answer{margin-top:12px}
.answer-head{display:flex;align-items:baseline;gap:12px;flex-wrap:wrap}.answer-head .label{font-size:24px;font-weight:650}
.conf{color:var(--accent2);font-weight:600}
.bars{display:grid;grid-template-columns:max-content 1fr max-content;gap:4px 10px;align-items:center;margin:10px 0;max-width:560px}
.bars .track{background:var(--panel2);border-radius:4px;height:8px}.bars .fill{background:var(--accent);height:8px;border-radius:4px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:3px;margin-right:6px;vertical-align:-1px}
#map{width:100%;height:auto;display:block;background:radial-gradient(ellipse at center,#18223a 0%,#111827 75%);border-radius:8px}
#map text{font-size:11.5px;fill:#e7ebf3;paint-order:stroke;stroke:#0e1320;stroke-width:3px;stroke-linejoin:round}
#map .axis{font-size:11px;fill:#8b95aa;stroke:none}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;margin-top:10px;font-size:12.5px}.legend span{display:inline-flex;align-items:center;gap:5px}
.legend svg{overflow:visible}
.caption{font-size:12.5px;margin-top:6px;min-height:18px}
@keyframes pulse{0%{r:10;opacity:.6}100%{r:26;opacity:0}}
.query-pulse{animation:pulse 1.8s ease-out infinite;fill:none;stroke:#fff;stroke-width:2}
#peers-graph{width:100%;height:auto;display:block}
#peers-graph text{font-size:11px;fill:#e7ebf3;paint-order:stroke;stroke:#151c2c;stroke-width:3px}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.tile{background:var(--panel2);border:1px solid var(--line);border-radius:8px;padding:9px 11px;min-width:0}
.tile .name{font-size:11.5px;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.tile .value{font-size:21px;font-weight:650;font-variant-numeric:tabular-nums;margin-top:2px}
.tile .sub{font-size:11px;color:var(--muted)}.tile svg{display:block;margin-top:4px}
.note{font-size:12px;color:var(--muted);margin:8px 0 0}
@media (max-width:900px){main{grid-template-columns:1fr}}
</style></head><body>
<header><h1><b>moemesh</b> node</h1><span class="pill" id="me">…</span><span class="pill" id="space"></span><span class="pill" id="live"><i></i>live</span></header>
<main>
<section class="wide"><h2>Ask the network</h2>
<form id="q"><input id="text" type="text" placeholder="e.g. a small carnivorous mammal with soft fur" autocomplete="off" required>
<select id="strategy" aria-label="strategy"><option value="">node default</option><option>competence</option><option>top1</option><option>mixture</option><option>vote</option></select>
<button id="ask">Ask</button></form><div id="answer"></div></section>

<section><h2>Capability map <span class="grow"></span><span class="muted" id="map-axes"></span>
<span class="seg" id="colour-by"><button type="button" data-by="expert" class="on">by expert</button><button type="button" data-by="peer">by peer</button></span></h2>
<svg id="map" viewBox="0 0 760 500" role="img" aria-label="capability map"></svg>
<div class="caption" id="map-caption"></div>
<div class="legend" id="map-legend"></div></section>

<section><h2>Peers</h2><svg id="peers-graph" viewBox="0 0 340 270" role="img" aria-label="peer graph"></svg>
<div class="legend" id="peers-legend"></div><table id="peers-table" style="margin-top:10px"></table></section>

<section class="wide"><h2>Counters <span class="grow"></span><span class="muted" id="counters-src"></span></h2>
<div class="tiles" id="counters"></div><div class="tiles" id="metrics" style="margin-top:10px"></div><div id="metrics-note" class="note"></div></section>

<section><h2>Experts in the network</h2><table id="experts"></table></section>
<section><h2>Ledger</h2><div class="tiles" id="ledger-totals"></div><table id="ledger" style="margin-top:10px"></table><div id="ledger-note" class="note"></div></section>
</main>
<script>
'use strict'
const $ = (id) => document.getElementById(id)
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]))
const short = (id) => id ? '…' + String(id).slice(-6) : ''
const fmt = (v) => !Number.isFinite(v) ? String(v) : Math.abs(v) >= 1e6 ? (v / 1e6).toFixed(2) + 'M' : Number.isInteger(v) ? v.toLocaleString('en') : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2)
/** A number with fixed digits, or '' where the field is missing (an answer from an older or newer node). */
const fixed = (v, digits) => typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : ''
const PALETTE = ['#5cc8ff', '#ffb454', '#c792ea', '#5fd38d', '#ff6b8b', '#f5e05c', '#4fd1c5', '#ff8f5c', '#8fa6ff', '#e07bff', '#a3e635', '#fb7185']
const SHAPES = ['circle', 'square', 'diamond', 'triangle', 'hexagon', 'star']
const state = { colourBy: 'expert', map: null, mapKey: '', peers: [], self: '', answer: null, metricsHistory: new Map() }
const colourOf = new Map()
const shapeOf = new Map()
function colour (key) { if (!colourOf.has(key)) colourOf.set(key, PALETTE[colourOf.size % PALETTE.length]); return colourOf.get(key) }
function shape (peer) { if (!shapeOf.has(peer)) shapeOf.set(peer, SHAPES[shapeOf.size % SHAPES.length]); return shapeOf.get(peer) }
function shapePath (kind, r) {
  const poly = (n, rot, rr) => Array.from({ length: n }, (_, i) => { const a = rot + i * 2 * Math.PI / n; return (Math.cos(a) * rr).toFixed(2) + ',' + (Math.sin(a) * rr).toFixed(2) }).join(' ')
  if (kind === 'square') return '<rect x="' + (-r * 0.85) + '" y="' + (-r * 0.85) + '" width="' + (r * 1.7) + '" height="' + (r * 1.7) + '" rx="2"/>'
  if (kind === 'diamond') return '<polygon points="' + poly(4, 0, r * 1.15) + '"/>'
  if (kind === 'triangle') return '<polygon points="' + poly(3, -Math.PI / 2, r * 1.2) + '"/>'
  if (kind === 'hexagon') return '<polygon points="' + poly(6, 0, r * 1.05) + '"/>'
  if (kind === 'star') return '<polygon points="' + Array.from({ length: 10 }, (_, i) => { const a = -Math.PI / 2 + i * Math.PI / 5; const rr = i % 2 ? r * 0.55 : r * 1.25; return (Math.cos(a) * rr).toFixed(2) + ',' + (Math.sin(a) * rr).toFixed(2) }).join(' ') + '"/>'
  return '<circle r="' + r + '"/>'
}

let token = sessionStorage.getItem('moemesh-token') || ''
/** Optional routes this node answered 404 to, and when: asked again only every 30 s (no console noise each poll). */
const missing = new Map()
/** GET/POST the node's API; resolves null for an optional route this node does not serve (404). */
async function api (path, init = {}, optional = false) {
  if (optional && Date.now() - (missing.get(path) || -Infinity) < 30000) return null
  init.headers = Object.assign({ 'content-type': 'application/json' }, token ? { authorization: 'Bearer ' + token } : {})
  const res = await fetch(path, init)
  if (res.status === 401) { token = prompt('API token') || ''; sessionStorage.setItem('moemesh-token', token); return api(path, init, optional) }
  if (optional && (res.status === 404 || res.status === 405 || res.status === 501)) { missing.set(path, Date.now()); return null }
  const type = res.headers.get('content-type') || ''
  const body = type.includes('json') ? await res.json() : await res.text()
  if (!res.ok) throw new Error(body && body.error ? body.error.message : res.status + ' ' + res.statusText)
  return body
}

// ---- capability map -------------------------------------------------------------------------------------
const MAP_W = 760; const MAP_H = 500; const PAD = 46
function mapScale (m) {
  const xs = []; const ys = []
  for (const p of m.points) { xs.push(p.x); ys.push(p.y) }
  if (m.lastQuery) { xs.push(m.lastQuery.x); ys.push(m.lastQuery.y) }
  if (xs.length === 0) { xs.push(0); ys.push(0) }
  const minX = Math.min(...xs); const maxX = Math.max(...xs); const minY = Math.min(...ys); const maxY = Math.max(...ys)
  const span = Math.max(maxX - minX, (maxY - minY) * (MAP_W - 2 * PAD) / (MAP_H - 2 * PAD), 1e-9)
  // one scale for both axes: distances on screen are distances in the space
  const k = (MAP_W - 2 * PAD) / span
  const cx = (minX + maxX) / 2; const cy = (minY + maxY) / 2
  return { sx: (x) => MAP_W / 2 + (x - cx) * k, sy: (y) => MAP_H / 2 - (y - cy) * k }
}
function keyOf (c) { return state.colourBy === 'peer' ? c.peerId : c.expertId }
/** Place labels right, left, above or below their mark, whichever overlaps the labels placed so far least. */
function queryLabel (q) { return '“' + (q.text.length > 34 ? q.text.slice(0, 33) + '…' : q.text) + '”' }
/** Where the query's own label goes: below, above, right or left of its mark, whichever covers fewest card marks. */
function queryLabelAt (x, y, text, cards) {
  const w = text.length * 6.2
  const options = [{ x, y: y + 33, anchor: 'middle', box: { x1: x - w / 2, y1: y + 21, x2: x + w / 2, y2: y + 37 } },
    { x, y: y - 25, anchor: 'middle', box: { x1: x - w / 2, y1: y - 37, x2: x + w / 2, y2: y - 21 } },
    { x: x + 24, y: y + 4, anchor: 'start', box: { x1: x + 22, y1: y - 8, x2: x + 24 + w, y2: y + 8 } },
    { x: x - 24, y: y + 4, anchor: 'end', box: { x1: x - 24 - w, y1: y - 8, x2: x - 22, y2: y + 8 } }]
  const overlap = (a, b) => Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)) * Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1))
  let best = options[0]; let bestCost = Infinity
  options.forEach((o, i) => {
    let cost = i * 5
    for (const c of cards) cost += overlap(o.box, { x1: c.x - 13, y1: c.y - 13, x2: c.x + 13, y2: c.y + 13 })
    if (o.box.x1 < 2 || o.box.x2 > MAP_W - 2 || o.box.y1 < 2 || o.box.y2 > MAP_H - 2) cost += 1e5
    if (cost < bestCost) { best = o; bestCost = cost }
  })
  return best
}
/**
 * Place each label around its mark (right, left, above, below, the diagonals; near, then further out with a leader
 * line), wherever it overlaps the marks and the labels placed so far least. Crowded cards are placed first.
 */
function placeLabels (items, reserved) {
  const boxes = reserved.slice()
  const marks = items.map((it) => ({ x1: it.x - 11, y1: it.y - 11, x2: it.x + 11, y2: it.y + 11 }))
  const overlap = (a, b) => Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)) * Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1))
  const crowd = items.map((it) => items.filter((o) => Math.hypot(o.x - it.x, o.y - it.y) < 60).length)
  const order = items.map((_, i) => i).sort((a, b) => crowd[b] - crowd[a] || a - b)
  const placed = new Array(items.length)
  for (const i of order) {
    const it = items[i]
    const w = it.text.length * 6.8 + 4; const h = 15
    const options = []
    for (const d of [0, 1, 2]) {
      const r = 13 + d * 16
      for (const [dx, dy] of [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [-1, -1], [1, 1], [-1, 1]]) {
        const ax = it.x + dx * r; const ay = it.y + dy * (r + 2)
        const x1 = dx > 0 ? ax : dx < 0 ? ax - w : ax - w / 2
        const y1 = dy < 0 ? ay - h : dy > 0 ? ay : ay - h / 2
        options.push({ x: dx > 0 ? ax + 2 : dx < 0 ? ax - 2 : ax, y: y1 + h - 4, anchor: dx > 0 ? 'start' : dx < 0 ? 'end' : 'middle', box: { x1, y1, x2: x1 + w, y2: y1 + h }, far: d > 0, penalty: d * 40 + (dx !== 0 && dy !== 0 ? 10 : 0) })
      }
    }
    let best = options[0]; let bestCost = Infinity
    for (const o of options) {
      let cost = o.penalty
      for (const b of boxes) cost += overlap(o.box, b) * 3
      marks.forEach((mb, j) => { if (j !== i) cost += overlap(o.box, mb) * 4 })
      if (o.box.x1 < 2 || o.box.x2 > MAP_W - 2 || o.box.y1 < 2 || o.box.y2 > MAP_H - 2) cost += 1e5
      if (cost < bestCost) { best = o; bestCost = cost }
    }
    boxes.push(best.box)
    placed[i] = best
  }
  return placed
}
function renderMap () {
  const m = state.map
  const svg = $('map')
  if (!m) { svg.innerHTML = '<text x="380" y="250" text-anchor="middle" class="axis">the capability map is not served by this node</text>'; return }
  const { sx, sy } = mapScale(m)
  const cardAt = new Map(m.cards.map((c) => [c.peerId + '/' + c.expertId, c]))
  let out = '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#ffffff"/></marker></defs>'
  // faint grid
  for (let i = 1; i < 8; i++) out += '<line x1="' + (i * MAP_W / 8) + '" y1="0" x2="' + (i * MAP_W / 8) + '" y2="' + MAP_H + '" stroke="#ffffff" stroke-opacity="0.04"/>'
  for (let i = 1; i < 6; i++) out += '<line x1="0" y1="' + (i * MAP_H / 6) + '" x2="' + MAP_W + '" y2="' + (i * MAP_H / 6) + '" stroke="#ffffff" stroke-opacity="0.04"/>'
  out += '<text class="axis" x="' + (MAP_W - 10) + '" y="' + (MAP_H - 10) + '" text-anchor="end">PC1 ' + (100 * (m.explained[0] || 0)).toFixed(0) + '% of variance →</text>'
  out += '<text class="axis" x="12" y="18">↑ PC2 ' + (100 * (m.explained[1] || 0)).toFixed(0) + '%</text>'
  if (m.cards.length === 0) out += '<text class="axis" x="380" y="250" text-anchor="middle">no experts known yet</text>'
  // spokes: each centroid to its card's mark, so an expert's reach is visible
  for (const p of m.points) {
    const c = cardAt.get(p.peerId + '/' + p.expertId)
    if (c) out += '<line x1="' + sx(c.x).toFixed(1) + '" y1="' + sy(c.y).toFixed(1) + '" x2="' + sx(p.x).toFixed(1) + '" y2="' + sy(p.y).toFixed(1) + '" stroke="' + colour(keyOf(p)) + '" stroke-opacity="0.22"/>'
  }
  for (const p of m.points) out += '<circle class="centroid" cx="' + sx(p.x).toFixed(1) + '" cy="' + sy(p.y).toFixed(1) + '" r="3.2" fill="' + colour(keyOf(p)) + '" fill-opacity="0.55"><title>' + esc(p.name) + ' centroid · peer ' + esc(short(p.peerId)) + '</title></circle>'
  const q = m.lastQuery
  const routedKeys = new Set(q ? q.routed.map((r) => r.peerId + '/' + r.expertId) : [])
  // route lines under the marks
  if (q) {
    const qx = sx(q.x); const qy = sy(q.y)
    const lines = q.routed.length > 0 ? q.routed : q.nearest
    const cls = q.routed.length > 0 ? 'route-line' : 'near-line'
    const top = Math.max(...lines.map((r) => Math.abs(r.score)), 1e-9)
    for (const r of lines) {
      const c = cardAt.get(r.peerId + '/' + r.expertId)
      if (!c) continue
      const x2 = sx(c.x); const y2 = sy(c.y)
      const len = Math.hypot(x2 - qx, y2 - qy) || 1
      const ex = x2 - (x2 - qx) / len * 13; const ey = y2 - (y2 - qy) / len * 13
      out += '<line class="' + cls + '" data-expert="' + esc(r.expertId) + '" data-peer="' + esc(r.peerId) + '" data-x2="' + x2.toFixed(1) + '" data-y2="' + y2.toFixed(1) + '" x1="' + qx.toFixed(1) + '" y1="' + qy.toFixed(1) + '" x2="' + ex.toFixed(1) + '" y2="' + ey.toFixed(1) + '" stroke="#ffffff" stroke-opacity="' + (cls === 'route-line' ? 0.9 : 0.45) + '" stroke-width="' + (cls === 'route-line' ? (1.5 + 2.5 * Math.abs(r.score) / top).toFixed(1) : 1.2) + '"' + (cls === 'near-line' ? ' stroke-dasharray="4 4"' : len > 36 ? ' marker-end="url(#arrow)"' : '') + '><title>' + esc(r.name) + ' · score ' + r.score.toFixed(3) + '</title></line>'
    }
  }
  const cardXY = m.cards.map((c) => ({ x: sx(c.x), y: sy(c.y), text: c.name }))
  const qLabel = q ? queryLabelAt(sx(q.x), sy(q.y), queryLabel(q), cardXY) : null
  const labels = placeLabels(cardXY, q ? [qLabel.box, { x1: sx(q.x) - 15, y1: sy(q.y) - 15, x2: sx(q.x) + 15, y2: sy(q.y) + 15 }] : [])
  m.cards.forEach((c, i) => {
    const x = sx(c.x); const y = sy(c.y)
    const routed = routedKeys.has(c.peerId + '/' + c.expertId)
    out += '<g class="card-mark" data-expert="' + esc(c.expertId) + '" data-peer="' + esc(c.peerId) + '" data-cx="' + x.toFixed(1) + '" data-cy="' + y.toFixed(1) + '" transform="translate(' + x.toFixed(1) + ',' + y.toFixed(1) + ')" fill="' + colour(keyOf(c)) + '" stroke="' + (routed ? '#ffffff' : c.local ? '#0e1320' : '#0e1320') + '" stroke-width="' + (routed ? 3 : 2) + '">' +
      (c.local ? '<circle r="15" fill="none" stroke="' + colour(keyOf(c)) + '" stroke-opacity="0.6" stroke-width="1.5" stroke-dasharray="2 3"/>' : '') +
      shapePath(shape(c.peerId), 9) + '<title>' + esc(c.name) + (c.local ? ' (this node)' : '') + ' · peer ' + esc(short(c.peerId)) + ' · ' + c.centroids + ' centroids</title></g>'
    const l = labels[i]
    if (l.far) {
      const tx = Math.max(l.box.x1, Math.min(x, l.box.x2)); const ty = Math.max(l.box.y1, Math.min(y, l.box.y2))
      const len = Math.hypot(tx - x, ty - y) || 1
      out += '<line class="leader" x1="' + (x + (tx - x) / len * 11).toFixed(1) + '" y1="' + (y + (ty - y) / len * 11).toFixed(1) + '" x2="' + tx.toFixed(1) + '" y2="' + ty.toFixed(1) + '" stroke="#8b95aa" stroke-opacity="0.6" stroke-width="1"/>'
    }
    out += '<text class="card-label" x="' + l.x.toFixed(1) + '" y="' + l.y.toFixed(1) + '" text-anchor="' + l.anchor + '"' + (routed ? ' font-weight="700"' : '') + '>' + esc(c.name) + '</text>'
  })
  if (q) {
    const qx = sx(q.x); const qy = sy(q.y)
    out += '<g class="query-mark" transform="translate(' + qx.toFixed(1) + ',' + qy.toFixed(1) + ')"><circle class="query-pulse" r="10"/><circle r="13" fill="none" stroke="#ffffff" stroke-width="2.5"/><path d="M-19,0H-8M8,0H19M0,-19V-8M0,8V19" stroke="#ffffff" stroke-width="2"/><circle r="2.5" fill="#ffffff"/><title>' + esc(q.text) + '</title></g>'
    out += '<text class="query-label" x="' + qLabel.x.toFixed(1) + '" y="' + qLabel.y.toFixed(1) + '" text-anchor="' + qLabel.anchor + '" font-style="italic">' + esc(queryLabel(q)) + '</text>'
  }
  svg.innerHTML = out
  $('map-axes').textContent = m.cards.length + ' cards · ' + m.points.length + ' centroids' + (m.truncated ? ' (cut)' : '')
  $('map-caption').innerHTML = q
    ? 'Last query <b>“' + esc(q.text.length > 80 ? q.text.slice(0, 79) + '…' : q.text) + '”</b> ' + (q.abstained ? '<span class="muted">— nobody knows it; dashed lines go to the nearest experts</span>' : '→ ' + q.routed.map((r) => '<span class="swatch" style="background:' + colour(state.colourBy === 'peer' ? r.peerId : r.expertId) + '"></span>' + esc(r.name)).join(', '))
    : '<span class="muted">Ask something above: the query lands on the map with lines to the experts it was routed to.</span>'
  renderLegend()
}
function legendShape (kind, fill) { return '<svg width="14" height="14" viewBox="-7 -7 14 14"><g fill="' + fill + '" stroke="#0e1320" stroke-width="1">' + shapePath(kind, 5) + '</g></svg>' }
function renderLegend () {
  const m = state.map
  if (!m) { $('map-legend').innerHTML = ''; return }
  let html = ''
  if (state.colourBy === 'expert') {
    const seen = new Map()
    for (const c of m.cards) { if (!seen.has(c.expertId)) seen.set(c.expertId, c) }
    for (const c of seen.values()) html += '<span><span class="swatch" style="background:' + colour(c.expertId) + '"></span>' + esc(c.name) + '</span>'
    html += '<span class="muted">shape = peer:</span>'
    for (const peer of new Set(m.cards.map((c) => c.peerId))) html += '<span>' + legendShape(shape(peer), '#8b95aa') + esc(peer === state.self ? 'this node' : short(peer)) + '</span>'
  } else {
    for (const peer of new Set(m.cards.map((c) => c.peerId))) html += '<span>' + legendShape(shape(peer), colour(peer)) + esc(peer === state.self ? 'this node' : short(peer)) + ' <span class="muted">(' + m.cards.filter((c) => c.peerId === peer).length + ')</span></span>'
  }
  html += '<span class="muted">· dot = centroid · ring = hosted here</span>'
  $('map-legend').innerHTML = html
}
async function loadMap () {
  const m = await api('/v1/map', {}, true)
  const key = JSON.stringify(m)
  if (key === state.mapKey) return
  state.map = m; state.mapKey = key
  renderMap()
}
$('colour-by').addEventListener('click', (ev) => {
  const by = ev.target && ev.target.dataset && ev.target.dataset.by
  if (!by) return
  state.colourBy = by
  for (const b of $('colour-by').querySelectorAll('button')) b.classList.toggle('on', b.dataset.by === by)
  renderMap()
})

// ---- peer graph -----------------------------------------------------------------------------------------
function isRelayed (p) { return typeof p.relayed === 'boolean' ? p.relayed : p.addrs.length > 0 && p.addrs.every((a) => a.includes('/p2p-circuit')) }
function renderPeers () {
  const peers = state.peers
  const W = 340; const H = 270; const cx = W / 2; const cy = H / 2
  const R = 95
  let out = ''
  const pos = peers.map((p, i) => { const a = -Math.PI / 2 + i * 2 * Math.PI / Math.max(peers.length, 1); return { p, x: cx + Math.cos(a) * R, y: cy + Math.sin(a) * R } })
  for (const { p, x, y } of pos) {
    const relayed = isRelayed(p)
    out += '<line class="peer-edge ' + (relayed ? 'relayed' : 'direct') + '" data-peer="' + esc(p.peer) + '" x1="' + cx + '" y1="' + cy + '" x2="' + x.toFixed(1) + '" y2="' + y.toFixed(1) + '" stroke="' + (relayed ? '#ffb454' : '#5cc8ff') + '" stroke-width="2" stroke-opacity="0.8"' + (relayed ? ' stroke-dasharray="6 5"' : '') + '/>'
    const mx = (cx + x) / 2; const my = (cy + y) / 2
    if (p.latency_ms != null) out += '<text x="' + mx.toFixed(1) + '" y="' + (my - 5).toFixed(1) + '" text-anchor="middle" fill-opacity="0.8">' + p.latency_ms.toFixed(0) + ' ms</text>'
  }
  out += '<g transform="translate(' + cx + ',' + cy + ')" fill="' + colour(state.self) + '" stroke="#ffffff" stroke-width="2.5">' + shapePath(shape(state.self), 16) + '</g>'
  out += '<text x="' + cx + '" y="' + (cy + 34) + '" text-anchor="middle" font-weight="700">this node</text>'
  for (const { p, x, y } of pos) {
    out += '<g class="peer-node" data-peer="' + esc(p.peer) + '" transform="translate(' + x.toFixed(1) + ',' + y.toFixed(1) + ')" fill="' + colour(p.peer) + '" stroke="#151c2c" stroke-width="2">' + shapePath(shape(p.peer), 12) + '<title>' + esc(p.peer) + '\n' + esc(p.addrs.join('\n')) + '</title></g>'
    const below = y >= cy - 1
    out += '<text x="' + x.toFixed(1) + '" y="' + (below ? y + 27 : y - 19).toFixed(1) + '" text-anchor="middle">' + esc(short(p.peer)) + ' · ' + p.experts + ' expert' + (p.experts === 1 ? '' : 's') + '</text>'
  }
  if (peers.length === 0) out += '<text x="' + cx + '" y="' + (cy + 70) + '" text-anchor="middle" fill-opacity="0.7">no peers connected</text>'
  $('peers-graph').innerHTML = out
  const relayed = peers.filter(isRelayed).length
  $('peers-table').innerHTML = peers.length === 0 ? '' : '<tr><th>peer</th><th>via</th><th class="num">experts</th><th class="num">latency</th><th class="num">reputation</th></tr>' + peers.map((p) => '<tr><td>' + legendShape(shape(p.peer), colour(p.peer)) + ' <code title="' + esc(p.peer + '\n' + p.addrs.join('\n')) + '">' + esc(short(p.peer)) + '</code></td><td>' + (isRelayed(p) ? 'relay' : 'direct') + '</td><td class="num">' + p.experts + '</td><td class="num">' + (p.latency_ms != null ? fixed(p.latency_ms, 0) + ' ms' : '') + '</td><td class="num">' + fixed(p.reputation, 2) + '</td></tr>').join('')
  $('peers-legend').innerHTML = '<span><svg width="26" height="8"><line x1="0" y1="4" x2="26" y2="4" stroke="#5cc8ff" stroke-width="2"/></svg>direct (' + (peers.length - relayed) + ')</span><span><svg width="26" height="8"><line x1="0" y1="4" x2="26" y2="4" stroke="#ffb454" stroke-width="2" stroke-dasharray="6 5"/></svg>relayed (' + relayed + ')</span>'
}

// ---- counters -------------------------------------------------------------------------------------------
function sparkline (values) {
  if (values.length < 2) return ''
  const min = Math.min(...values); const max = Math.max(...values); const span = max - min || 1
  const pts = values.map((v, i) => (i * 120 / (values.length - 1)).toFixed(1) + ',' + (18 - (v - min) / span * 16).toFixed(1)).join(' ')
  return '<svg width="100%" height="20" viewBox="0 0 120 20" preserveAspectRatio="none"><polyline points="' + pts + '" fill="none" stroke="#5cc8ff" stroke-width="1.5" vector-effect="non-scaling-stroke"/></svg>'
}
function tile (name, value, sub, history, title) {
  return '<div class="tile" data-name="' + esc(name) + '"' + (title ? ' title="' + esc(title) + '"' : '') + '><div class="name">' + esc(name) + '</div><div class="value">' + esc(typeof value === 'number' ? fmt(value) : value) + '</div>' + (sub ? '<div class="sub">' + sub + '</div>' : '') + (history ? sparkline(history) : '') + '</div>'
}
function remember (name, value) {
  const h = state.metricsHistory.get(name) || []
  h.push(value); if (h.length > 40) h.shift()
  state.metricsHistory.set(name, h)
  return h
}
function renderStatusCounters (s) {
  const sum = (o) => Object.values(o || {}).reduce((a, b) => a + b, 0)
  const items = [
    ['cards known', s.cards_known],
    ['peers', s.peers.length],
    ['answers served', s.query_server.requestsAnswered, 'to other peers'],
    ['calls to peers', s.query_client.streamsOpened + s.query_client.streamsReused, s.query_client.streamsOpened + ' new streams'],
    ['adverts accepted', s.adverts.accepted, sum(s.adverts.rejected) + ' rejected'],
    ['credits earned', s.ledger.earned, s.ledger.spent + ' spent · ' + s.ledger.peers + ' accounts']
  ]
  $('counters').innerHTML = items.map(([n, v, sub]) => tile(n, v, sub ? esc(sub) : '', remember('status:' + n, v))).join('')
}
/** Prometheus text exposition format -> families { name, type, help, samples: [{ name, labels, value }] }. */
function parseProm (text) {
  const families = new Map(); const types = {}; const helps = {}
  const family = (name) => {
    if (!families.has(name)) families.set(name, { name, type: types[name] || 'untyped', help: helps[name] || '', samples: [] })
    return families.get(name)
  }
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '') continue
    if (line.startsWith('#')) {
      const m = /^#\s+(TYPE|HELP)\s+(\S+)\s*(.*)$/.exec(line)
      if (m && m[1] === 'TYPE') types[m[2]] = m[3]
      if (m && m[1] === 'HELP') helps[m[2]] = m[3]
      continue
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line)
    if (!m) continue
    const labels = {}
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g
    let l
    while ((l = re.exec(m[2] || '')) !== null) labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\(.)/g, '$1')
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3])
    let base = m[1]
    if (!(base in types)) {
      const s = /^(.*)_(bucket|sum|count|total|created)$/.exec(base)
      if (s && s[1] in types) base = s[1]
    }
    family(base).samples.push({ name: m[1], labels, value })
  }
  for (const f of families.values()) { f.type = types[f.name] || f.type; f.help = helps[f.name] || f.help }
  return [...families.values()]
}
function summarise (f) {
  const suffix = (s) => f.samples.filter((x) => x.name === f.name + s)
  if (f.type === 'histogram' || f.type === 'summary') {
    const count = suffix('_count').reduce((a, x) => a + x.value, 0)
    const sum = suffix('_sum').reduce((a, x) => a + x.value, 0)
    return { value: count, sub: count > 0 ? 'mean ' + fmt(sum / count) : 'no observations' }
  }
  const values = f.samples.filter((x) => !x.name.endsWith('_created') && Number.isFinite(x.value))
  const total = values.reduce((a, x) => a + x.value, 0)
  const byLabel = values.filter((x) => Object.keys(x.labels).length > 0).sort((a, b) => b.value - a.value).slice(0, 3)
  return { value: total, sub: byLabel.map((x) => esc(Object.values(x.labels).join('/')) + ' ' + fmt(x.value)).join(' · ') }
}
async function loadMetrics () {
  let text
  try { text = await api('/metrics', { headers: {} }, true) } catch (err) { text = undefined; $('metrics-note').textContent = 'metrics: ' + err.message }
  if (text == null) {
    $('metrics').innerHTML = ''
    if (text === null) $('metrics-note').textContent = 'This node does not serve GET /metrics; the counters above come from /v1/status.'
    $('counters-src').textContent = '/v1/status'
    return
  }
  const fams = parseProm(String(text))
  const ours = fams.filter((f) => f.name.startsWith('moemesh_'))
  const shown = (ours.length > 0 ? ours : fams).filter((f) => f.samples.length > 0).slice(0, 24)
  $('metrics').innerHTML = shown.map((f) => { const s = summarise(f); return tile(f.name.replace(/^moemesh_/, ''), s.value, s.sub, remember('metric:' + f.name, s.value), f.help) }).join('')
  $('metrics-note').textContent = fams.length + ' metric families at GET /metrics (' + ours.length + ' moemesh_*' + (fams.length > shown.length ? ', ' + (fams.length - shown.length) + ' more not shown' : '') + ')'
  $('counters-src').textContent = '/v1/status + /metrics'
}

// ---- ledger ---------------------------------------------------------------------------------------------
function renderLedger (s, ledger) {
  $('ledger-totals').innerHTML = tile('earned', s.ledger.earned) + tile('spent', s.ledger.spent) + tile('accounts', s.ledger.peers)
  if (ledger == null) { $('ledger').innerHTML = ''; $('ledger-note').textContent = 'This node does not serve GET /v1/ledger; totals come from /v1/status.'; return }
  const rows = Array.isArray(ledger) ? ledger : Object.values(ledger).find((v) => Array.isArray(v)) || []
  const objects = rows.filter((r) => r && typeof r === 'object').slice(0, 50)
  const cols = [...new Set(objects.flatMap((r) => Object.keys(r).filter((k) => r[k] == null || typeof r[k] !== 'object')))].slice(0, 6)
  const cell = (v) => typeof v === 'number' ? '<td class="num">' + fmt(v) + '</td>' : typeof v === 'string' && v.length > 24 ? '<td><code title="' + esc(v) + '">' + esc(short(v)) + '</code></td>' : '<td>' + esc(v == null ? '' : v) + '</td>'
  $('ledger').innerHTML = objects.length === 0 ? '' : '<tr>' + cols.map((c) => '<th>' + esc(c) + '</th>').join('') + '</tr>' + objects.map((r) => '<tr>' + cols.map((c) => cell(r[c])).join('') + '</tr>').join('')
  $('ledger-note').textContent = objects.length === 0 ? 'No ledger entries yet.' : rows.length > objects.length ? 'first ' + objects.length + ' of ' + rows.length : ''
}

// ---- refresh loop ---------------------------------------------------------------------------------------
async function refresh () {
  try {
    const s = await api('/v1/status')
    state.self = s.peerId
    $('me').textContent = 'peer ' + short(s.peerId); $('me').title = s.peerId
    $('space').textContent = 'space ' + s.spaceId.slice(0, 10) + ' · ' + s.dim + 'd'; $('space').title = s.spaceId + '\n' + s.addrs.join('\n')
    renderStatusCounters(s)
    const [e, p, ledger] = await Promise.all([api('/v1/experts'), api('/v1/peers'), api('/v1/ledger', {}, true).catch(() => null)])
    state.peers = p.peers
    $('experts').innerHTML = '<tr><th>expert</th><th>peer</th><th class="num">labels</th><th class="num">price</th><th class="num">load</th></tr>' + e.experts.map((x) => '<tr><td><span class="swatch" style="background:' + colour(x.expert) + '"></span>' + esc(x.name) + (x.local ? ' <span class="muted">(here)</span>' : '') + '<div class="muted">' + esc(x.description || '') + '</div></td><td><code title="' + esc(x.peer) + '">' + esc(short(x.peer)) + '</code></td><td class="num">' + x.labels.length + '</td><td class="num">' + x.price + '</td><td class="num">' + (x.load * 100).toFixed(0) + '%</td></tr>').join('')
    renderPeers()
    renderLedger(s, ledger)
    await Promise.all([loadMap(), loadMetrics()])
    $('live').classList.remove('off'); $('live').lastChild.textContent = 'live'
  } catch (err) {
    $('live').classList.add('off'); $('live').lastChild.textContent = err.message
  }
}

// ---- the query form -------------------------------------------------------------------------------------
function renderAnswer (a) {
  const out = $('answer')
  const routeRows = (list, cols) => '<table class="route"><tr>' + cols.map((c) => '<th' + (c[2] ? ' class="num"' : '') + '>' + c[0] + '</th>').join('') + '</tr>' + list.map((x) => '<tr class="route-row" data-expert="' + esc(x.expert) + '" data-peer="' + esc(x.peer) + '">' + cols.map((c) => '<td' + (c[2] ? ' class="num"' : '') + '>' + c[1](x) + '</td>').join('') + '</tr>').join('') + '</table>'
  const who = (x) => '<span class="swatch" style="background:' + colour(state.colourBy === 'peer' ? x.peer : x.expert) + '"></span>' + esc(x.name)
  const peer = (x) => '<code title="' + esc(x.peer) + '">' + esc(x.peer === state.self ? 'this node' : short(x.peer)) + '</code>'
  if (a.abstained) {
    out.innerHTML = '<div class="answer-head"><span class="label abstained">no expert in the network knows this</span></div><div class="muted">' + esc(a.reason || '') + '</div>' +
      routeRows(a.nearest || [], [['nearest expert', who], ['peer', peer], ['gate logit', (x) => fixed(x.gate_logit, 2), 1], ['its cut', (x) => fixed(x.abstain_below, 2), 1], ['similarity', (x) => fixed(x.similarity, 3), 1]])
    return
  }
  const dist = Object.entries(a.distribution).sort((x, y) => y[1] - x[1]).slice(0, 5)
  out.innerHTML = '<div class="answer-head"><span class="label">' + esc(a.label) + '</span><span class="conf">' + fixed(a.confidence * 100, 1) + '% confident</span><span class="muted">' + esc(a.strategy) + ' · ' + a.experts.length + ' expert' + (a.experts.length === 1 ? '' : 's') + (a.timing && typeof a.timing.total_ms === 'number' ? ' · ' + fixed(a.timing.total_ms, 0) + ' ms' : '') + '</span></div>' +
    '<div class="bars">' + dist.map(([l, p]) => '<span>' + esc(l) + '</span><div class="track"><div class="fill" style="width:' + fixed(p * 100, 1) + '%"></div></div><span class="muted">' + fixed(p * 100, 1) + '%</span>').join('') + '</div>' +
    routeRows(a.experts, [['routed to', who], ['peer', peer], ['score', (x) => fixed(x.score, 3), 1], ['latency', (x) => fixed(x.latency_ms, 1) + ' ms', 1], ['its answer', (x) => x.answer ? esc(x.answer.label) + ' <span class="muted">(' + fixed(x.answer.confidence * 100, 0) + '%)</span>' : '']]) +
    (a.failed && a.failed.length ? '<div class="err" style="margin-top:6px">' + a.failed.map((f) => esc(f.name) + ': ' + esc(f.error)).join('<br>') + '</div>' : '')
}
$('q').addEventListener('submit', async (ev) => {
  ev.preventDefault()
  const out = $('answer')
  $('ask').disabled = true
  out.innerHTML = '<span class="muted">asking the network…</span>'
  try {
    const a = await api('/v1/query', { method: 'POST', body: JSON.stringify({ text: $('text').value, strategy: $('strategy').value || undefined }) })
    state.answer = a
    renderAnswer(a)
    // the map's last query, and the counters the query moved, at once rather than at the next poll
    await refresh()
    document.body.dataset.answered = String(Date.now())
  } catch (err) { out.innerHTML = '<span class="err">' + esc(err.message) + '</span>' } finally { $('ask').disabled = false }
})
refresh(); setInterval(refresh, 3000)
// /?q=some+text runs that query at once (a shareable link to an answer)
const preset = new URLSearchParams(location.search).get('q')
if (preset) { $('text').value = preset; $('q').requestSubmit() }
</script></body></html>
`
