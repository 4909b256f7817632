// Runs the CLI from source (as bin/moemesh.js runs it from dist/), for tests that spawn it.
import '../../src/polyfill.js'
import { main } from '../../src/cli/main.js'

await main(process.argv)
