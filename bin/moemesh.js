#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` through the `prepare` script).
import '../dist/src/polyfill.js'
const { main } = await import('../dist/src/cli/main.js')
// exitCode, not process.exit(): the process ends once stdout and stderr are flushed (pipes may be asynchronous)
process.exitCode = await main(process.argv)
