// tsc compiles only .ts: copy the generated protobuf modules (src/gen/*.js) next to the compiled code.
import { cpSync, mkdirSync, readdirSync } from 'node:fs'
mkdirSync('dist/src/gen', { recursive: true })
for (const f of readdirSync('src/gen').filter((f) => f.endsWith('.js'))) cpSync(`src/gen/${f}`, `dist/src/gen/${f}`)
