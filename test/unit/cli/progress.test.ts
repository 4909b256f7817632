import { describe, expect, it } from 'vitest'
import { ProgressBar } from '../../../src/cli/progress.js'

/** A stream that records every write, as a terminal or as a pipe. */
function fakeStream (isTTY: boolean, columns?: number): { writes: string[], text: () => string, isTTY: boolean, columns?: number, write: (s: string) => void } {
  const writes: string[] = []
  return { writes, text: () => writes.join(''), isTTY, columns, write: (s: string) => { writes.push(s) } }
}

/** What a terminal shows: each `\r` returns to the start of the line, `ESC[2K` clears it. */
function screen (text: string): string[] {
  const lines = ['']
  for (const part of text.split(/(\r|\n|\x1b\[2K)/)) {
    if (part === '\r' || part === '\x1b[2K') lines[lines.length - 1] = part === '\x1b[2K' ? '' : lines[lines.length - 1]
    else if (part === '\n') lines.push('')
    else lines[lines.length - 1] += part
  }
  return lines
}

describe('ProgressBar', () => {
  it('redraws one line on a terminal, across stages, and ends it with one newline', () => {
    const tty = fakeStream(true)
    let t = 0
    const bar = new ProgressBar(tty, { width: 10, now: () => t })
    for (const stage of ['embedder: words', 'embedder: vectors', 'zoo: training']) {
      for (let i = 0; i <= 20; i++) { bar.update(i / 20, stage); t += 100 }
    }
    expect(tty.text()).not.toContain('\n')
    expect(tty.writes.every((w) => w.startsWith('\r\x1b[2K'))).toBe(true)
    bar.done()
    expect(tty.text().match(/\n/g)).toHaveLength(1)
    // the terminal shows a single line: the last stage, full
    expect(screen(tty.text())).toEqual([`${'zoo: training'.padEnd(30)} [##########] 100% 6s`, ''])
  })

  it('writes nothing when the line would not change, and never wider than the terminal', () => {
    const tty = fakeStream(true, 40)
    const bar = new ProgressBar(tty, { now: () => 0 })
    bar.update(0.5, 'training')
    bar.update(0.501, 'training')
    bar.update(0.5, 'training')
    expect(tty.writes).toHaveLength(1)
    bar.update(0.9, 'a stage label that is longer than the terminal is wide')
    for (const line of screen(tty.text())) expect(line.length).toBeLessThanOrEqual(39)
    bar.done()
    bar.done()
    expect(tty.text().match(/\n/g)).toHaveLength(1)
  })

  it('prints a line per 10% of each major stage when not a terminal, with no carriage returns', () => {
    const pipe = fakeStream(false)
    const bar = new ProgressBar(pipe)
    for (const stage of ['embedder: words', 'embedder: vectors', 'zoo']) {
      for (let i = 0; i <= 100; i++) bar.update(i / 100, stage)
    }
    bar.done()
    expect(pipe.text()).not.toContain('\r')
    const lines = pipe.text().trimEnd().split('\n')
    // 'embedder: words' and 'embedder: vectors' are one major stage: its deciles are printed once
    expect(lines).toEqual([
      ...[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((p) => `embedder: words: ${p}%`),
      ...[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((p) => `zoo: ${p}%`)
    ])
  })
})
