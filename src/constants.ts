/**
 * Numbers every layer agrees on. Layer-specific numbers live in each layer's own constants.ts.
 */

/** Highest price (credits per answer) an expert may ask: far above any sane price, far below what breaks sums. */
export const MAX_PRICE_CREDITS = 1_000_000
