// Regenerates src/gen/ from proto/*.proto with protobufjs-cli (static code + TypeScript declarations).
// The output is committed and never edited by hand: change the .proto and run `npm run gen`.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, basename } from 'node:path'

const bin = (name) => join('node_modules', '.bin', name)
for (const file of readdirSync('proto').filter((f) => f.endsWith('.proto'))) {
  const name = basename(file, '.proto')
  const js = join('src', 'gen', `${name}.js`)
  execFileSync(bin('pbjs'), ['-t', 'static-module', '-w', 'es6', '--force-number', '--no-verify', '--no-delimited', '--no-service', '-o', js, join('proto', file)], { stdio: 'inherit' })
  // protobufjs is CommonJS: under NodeNext ESM the subpath needs its file extension.
  // 64-bit fields decode as plain numbers (seqnos and ids stay below 2^53), not Long objects.
  const header = '\n$protobuf.util.Long = undefined;\n$protobuf.configure();\n'
  const src = readFileSync(js, 'utf8').replace('"protobufjs/minimal"', '"protobufjs/minimal.js"')
  writeFileSync(js, src.replace('import $protobuf from "protobufjs/minimal.js";\n', (line) => line + header))
  execFileSync(bin('pbts'), ['-o', join('src', 'gen', `${name}.d.ts`), js], { stdio: 'inherit' })
}
