/**
 * Forecasts demand for the next `periods` periods from past demand, by simple exponential
 * smoothing: the level starts at `history[0]` and each observation x updates it to
 * `alpha * x + (1 - alpha) * level`. Every forecast period gets the final level, rounded
 * up to a whole unit (you cannot order half a box).
 *
 * Throws a RangeError when `history` is empty, `periods` is not a positive integer, or
 * `alpha` is outside (0, 1].
 */
export function forecastDemand(history: readonly number[], periods: number, alpha = 0.5): number[] {
  throw new Error('not implemented');
}
