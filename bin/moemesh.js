#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` through the `prepare` script).
import '../dist/src/polyfill.js'
const { main } = await import('../dist/src/cli/main.js')
await main(process.argv)
