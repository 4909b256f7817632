/**
 * The web dashboard: one self-contained page (no build step, no external assets) that reads the node's own
 * API. Served at `/` by the API server.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>moemesh node</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d232b}
header{background:#1d232b;color:#fff;padding:12px 20px}header h1{font-size:18px;margin:0}
main{padding:16px 20px;display:grid;gap:16px;max-width:1100px}
section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:12px 16px}
h2{font-size:15px;margin:0 0 8px}table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #eef0f3;vertical-align:top}
code{font-size:12px;word-break:break-all}.muted{color:#68707a}
input[type=text]{width:70%;padding:6px}button{padding:6px 12px}.bar{background:#4c7bd9;height:10px;display:inline-block}
.err{color:#b3261e}
</style></head><body>
<header><h1>moemesh node <span id="peer" class="muted"></span></h1></header>
<main>
<section><h2>Ask the network</h2>
<form id="q"><input id="text" type="text" placeholder="e.g. a small carnivorous mammal with soft fur" required>
<select id="strategy"><option value="">node default</option><option>competence</option><option>top1</option><option>mixture</option><option>vote</option></select>
<button>Query</button></form><div id="answer"></div></section>
<section><h2>Status</h2><div id="status" class="muted">loading…</div></section>
<section><h2>Experts in the network</h2><table id="experts"></table></section>
<section><h2>Peers</h2><table id="peers"></table></section>
</main>
<script>
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]))
let token = sessionStorage.getItem('moemesh-token') || ''
async function api (path, init = {}) {
  init.headers = Object.assign({ 'content-type': 'application/json' }, token ? { authorization: 'Bearer ' + token } : {})
  const res = await fetch(path, init)
  if (res.status === 401) { token = prompt('API token') || ''; sessionStorage.setItem('moemesh-token', token); return api(path, init) }
  const body = await res.json()
  if (!res.ok) throw new Error(body.error ? body.error.message : res.statusText)
  return body
}
async function refresh () {
  try {
    const s = await api('/v1/status')
    document.getElementById('peer').textContent = s.peerId
    document.getElementById('status').innerHTML = '<div>space <code>' + esc(s.spaceId) + '</code></div><div>listening on</div>' + s.addrs.map((a) => '<div><code>' + esc(a) + '</code></div>').join('') + '<div>' + s.experts.length + ' local experts, ' + s.peers.length + ' peers</div>'
    const e = await api('/v1/experts')
    document.getElementById('experts').innerHTML = '<tr><th>expert</th><th>peer</th><th>labels</th><th>price</th><th>load</th><th>acc</th></tr>' + e.experts.map((x) => '<tr><td>' + esc(x.name) + (x.local ? ' <span class="muted">(local)</span>' : '') + '<div class="muted">' + esc(x.description || '') + '</div></td><td><code>' + esc(x.peer.slice(-10)) + '</code></td><td>' + x.labels.length + '</td><td>' + x.price + '</td><td>' + (x.load * 100).toFixed(0) + '%</td><td>' + (x.accuracy ? (x.accuracy * 100).toFixed(1) + '%' : '') + '</td></tr>').join('')
    const p = await api('/v1/peers')
    document.getElementById('peers').innerHTML = '<tr><th>peer</th><th>addresses</th><th>experts</th></tr>' + p.peers.map((x) => '<tr><td><code>' + esc(x.peer) + '</code></td><td>' + x.addrs.map((a) => '<code>' + esc(a) + '</code>').join('<br>') + '</td><td>' + x.experts + '</td></tr>').join('')
  } catch (err) { document.getElementById('status').innerHTML = '<span class="err">' + esc(err.message) + '</span>' }
}
document.getElementById('q').addEventListener('submit', async (ev) => {
  ev.preventDefault()
  const out = document.getElementById('answer')
  out.textContent = 'asking…'
  try {
    const a = await api('/v1/query', { method: 'POST', body: JSON.stringify({ text: document.getElementById('text').value, strategy: document.getElementById('strategy').value || undefined }) })
    if (a.abstained) {
      out.innerHTML = '<h3>no expert in the network knows this</h3><div class="muted">' + esc(a.reason || '') + '</div>' +
        '<table><tr><th>nearest expert</th><th>peer</th><th>gate logit</th><th>its cut</th><th>similarity</th></tr>' + (a.nearest || []).map((x) => '<tr><td>' + esc(x.name) + '</td><td><code>' + esc(x.peer.slice(-10)) + '</code></td><td>' + x.gate_logit.toFixed(2) + '</td><td>' + (typeof x.abstain_below === 'number' ? x.abstain_below.toFixed(2) : '') + '</td><td>' + x.similarity.toFixed(3) + '</td></tr>').join('') + '</table>'
      return
    }
    const dist = Object.entries(a.distribution).sort((x, y) => y[1] - x[1]).slice(0, 5)
    out.innerHTML = '<h3>' + esc(a.label) + ' <span class="muted">' + (a.confidence * 100).toFixed(1) + '%</span></h3>' +
      dist.map(([l, p]) => '<div><span class="bar" style="width:' + Math.round(p * 200) + 'px"></span> ' + esc(l) + ' ' + (p * 100).toFixed(1) + '%</div>').join('') +
      '<table><tr><th>expert</th><th>peer</th><th>score</th><th>latency</th><th>its answer</th></tr>' + a.experts.map((x) => '<tr><td>' + esc(x.name) + '</td><td><code>' + esc(x.peer.slice(-10)) + '</code></td><td>' + x.score.toFixed(3) + '</td><td>' + x.latency_ms.toFixed(1) + ' ms</td><td>' + esc(x.answer.label) + ' (' + (x.answer.confidence * 100).toFixed(0) + '%)</td></tr>').join('') + '</table>'
  } catch (err) { out.innerHTML = '<span class="err">' + esc(err.message) + '</span>' }
})
refresh(); setInterval(refresh, 5000)
// /?q=some+text runs that query at once (a shareable link to an answer)
const preset = new URLSearchParams(location.search).get('q')
if (preset) { document.getElementById('text').value = preset; document.getElementById('q').requestSubmit() }
</script></body></html>
`
