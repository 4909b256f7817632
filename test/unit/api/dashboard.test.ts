import { describe, expect, it } from 'vitest'
import { DASHBOARD_HTML } from '../../../src/api/dashboard.js'

describe('dashboard page', () => {
  it('is one self-contained page whose script parses (the browser test runs it where chromium is installed)', () => {
    const scripts = [...DASHBOARD_HTML.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1])
    expect(scripts).toHaveLength(1)
    // a syntax error would blank the whole dashboard: parse it here too, on machines without a browser
    expect(() => new Function(scripts[0])).not.toThrow() // eslint-disable-line no-new-func
    // no build step, no external assets: nothing is fetched from anywhere but the node itself
    expect(DASHBOARD_HTML).not.toMatch(/\b(src|href)="(https?:)?\/\//)
    expect(DASHBOARD_HTML).not.toMatch(/<script\s+src=/)
  })
})
