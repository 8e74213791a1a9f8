/** Exponential backoff with ±20% jitter, so several kiosks do not retry in lockstep. */
export function backoffDelay(attempt: number, options: { initialMs?: number; maxMs?: number } = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 250;
  const max = options.maxMs ?? 10_000;
  const base = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}
