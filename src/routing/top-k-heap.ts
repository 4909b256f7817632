/**
 * The best-k selection of a capability search: a min-heap on rank, so a scan over every card keeps only the `limit`
 * best hits, with a deterministic order on ties.
 */

/** What a ranked record carries: the entry's peer and expert id break ties. */
export interface Ranked {
  entry: { readonly peerId: string, readonly expertId: string }
}

/** A record scored against a query. */
export interface HeapItem<T extends Ranked> {
  similarity: number
  record: T
}

/** Compares two hits by rank, > 0 when `a` ranks above `b`: higher similarity, then lower peer id, then lower expert id. */
export function compareItems<T extends Ranked> (a: HeapItem<T>, b: HeapItem<T>): number {
  if (a.similarity !== b.similarity) return a.similarity - b.similarity
  // Lower peer id / expert id ranks higher on ties: it compares as "greater" here.
  const pa = a.record.entry.peerId
  const pb = b.record.entry.peerId
  if (pa !== pb) return pa < pb ? 1 : -1
  const ea = a.record.entry.expertId
  const eb = b.record.entry.expertId
  return ea === eb ? 0 : ea < eb ? 1 : -1
}

/** True when `min` (the heap's weakest item) ranks below a candidate with this similarity and record. */
export function worse<T extends Ranked> (min: HeapItem<T>, similarity: number, record: T): boolean {
  return compareItems(min, { similarity, record }) < 0
}

/** Min-heap on rank, capped at `cap` items: the weakest kept item sits at index 0. */
export function heapPush<T extends Ranked> (heap: Array<HeapItem<T>>, item: HeapItem<T>, cap: number): void {
  if (heap.length < cap) {
    heap.push(item)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (compareItems(heap[parent], heap[i]) <= 0) break
      ;[heap[parent], heap[i]] = [heap[i], heap[parent]]
      i = parent
    }
    return
  }
  heap[0] = item
  let i = 0
  for (;;) {
    const l = 2 * i + 1
    const r = l + 1
    let m = i
    if (l < heap.length && compareItems(heap[l], heap[m]) < 0) m = l
    if (r < heap.length && compareItems(heap[r], heap[m]) < 0) m = r
    if (m === i) break
    ;[heap[m], heap[i]] = [heap[i], heap[m]]
    i = m
  }
}
