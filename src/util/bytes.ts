/**
 * Byte helpers shared by the signed wire formats (adverts, attestations, receipts). Below every layer: imports
 * nothing of moemesh.
 */

/** Whether `a` and `b` hold the same bytes. Not constant-time: for public values (peer ids, commitments). */
export function bytesEqual (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** The UTF-8 bytes of a signature domain prefix, encoded once at module load by each wire format. */
export function domainPrefix (text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

/**
 * The bytes a signature covers: the domain `prefix`, then the encoded message. A signature made for one kind of
 * message (an advert) then never verifies as another (an attestation or a receipt) whose bytes happen to match.
 */
export function signingPayload (prefix: Uint8Array, message: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + message.length)
  out.set(prefix, 0)
  out.set(message, prefix.length)
  return out
}
