/**
 * Hybrid logical clock (Kulkarni et al. 2014, as in actualbudget/actual): close to wall time but
 * never goes backwards, even when the wall clock does. Text form `<ISO UTC millis>-<counter 4 hex>-<node>`,
 * which sorts in time order.
 */
export interface Hlc {
  readonly millis: number;
  readonly counter: number;
}

const MAX_COUNTER = 0xffff;

/** The timestamp for a local event at wall time `nowMs`. */
export function hlcTick(last: Hlc, nowMs: number): Hlc {
  if (nowMs > last.millis) return { millis: nowMs, counter: 0 };
  // Wall clock stood still or went back: keep last millis and count; roll into the next ms when full.
  if (last.counter >= MAX_COUNTER) return { millis: last.millis + 1, counter: 0 };
  return { millis: last.millis, counter: last.counter + 1 };
}

/** Merges a timestamp seen from elsewhere (e.g. the server), so later local events order after it. */
export function hlcReceive(last: Hlc, remote: Hlc, nowMs: number): Hlc {
  const millis = Math.max(last.millis, remote.millis, nowMs);
  let counter: number;
  if (millis === last.millis && millis === remote.millis) counter = Math.max(last.counter, remote.counter) + 1;
  else if (millis === last.millis) counter = last.counter + 1;
  else if (millis === remote.millis) counter = remote.counter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER) return { millis: millis + 1, counter: 0 };
  return { millis, counter };
}

export function formatHlc(hlc: Hlc, node: string): string {
  return `${new Date(hlc.millis).toISOString()}-${hlc.counter.toString(16).toUpperCase().padStart(4, '0')}-${node}`;
}

const HLC_TEXT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9A-F]{4})-(.+)$/;

export function parseHlc(text: string): (Hlc & { node: string }) | null {
  const match = HLC_TEXT.exec(text);
  if (!match) return null;
  const millis = Date.parse(match[1]!);
  if (Number.isNaN(millis)) return null;
  return { millis, counter: Number.parseInt(match[2]!, 16), node: match[3]! };
}

export const HLC_ZERO: Hlc = { millis: 0, counter: 0 };
