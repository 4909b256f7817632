// Runs the CLI from source (as bin/moemesh.js runs it from dist/), for the test that spawns it.
import '../../src/polyfill.js'
import { main } from '../../src/cli/main.js'

process.exitCode = await main(process.argv)
