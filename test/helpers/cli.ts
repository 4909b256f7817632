/**
 * Runs the CLI in-process, as a user would see it: `main()` with captured stdout and stderr and the exit code it
 * returns. Far cheaper than a subprocess (no Node start-up, no TypeScript transform per command).
 */
import { main } from '../../src/cli/main.js'

/** What one CLI run printed and how it ended. */
export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Run `moemesh ...args` in this process. */
export async function runCli (...args: string[]): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const code = await main(['node', 'moemesh', ...args], {
    stdout: { write: (text: string) => { stdout += text } },
    stderr: { write: (text: string) => { stderr += text } }
  })
  return { code, stdout, stderr }
}
