// tsc compiles only .ts and emits no .d.ts for declaration inputs: copy the generated protobuf modules (src/gen/*.js)
// and their declarations next to the compiled code.
import { cpSync, mkdirSync, readdirSync } from 'node:fs'
mkdirSync('dist/src/gen', { recursive: true })
for (const f of readdirSync('src/gen').filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))) cpSync(`src/gen/${f}`, `dist/src/gen/${f}`)
