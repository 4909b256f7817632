/**
 * Waiting for something to happen, instead of sleeping a fixed time: poll a condition until it holds or a
 * deadline passes. Tests run on loaded machines, where "it takes ~50 ms" can take 2 s; a poll returns as soon as
 * the state is reached and fails with a message naming what never happened.
 */

/**
 * Poll `check` every `everyMs` until it returns true, or throw once `timeoutMs` has passed, naming `what`.
 *
 * @example
 * ```ts
 * await waitFor('D to know C\'s card', () => knowsCard(d, cId), 5_000)
 * ```
 */
export async function waitFor (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

/**
 * Poll `get` until it returns a value other than `undefined`, and return that value; throw once `timeoutMs` has
 * passed, naming `what`.
 */
export async function waitForValue<T> (what: string, get: () => T | undefined, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  let value: T | undefined
  await waitFor(what, () => (value = get()) !== undefined, timeoutMs, everyMs)
  return value as T
}
