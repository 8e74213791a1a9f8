import type { Decimal } from '../../decimal/decimal.js';
import { dec, lte, mul, normalize, parseDecimal, sub, toString } from '../../decimal/decimal.js';
import type { Balance } from '../../master-data/equipment.js';
import type { Result } from '../../result.js';
import { accept, refuse } from '../../result.js';

/**
 * What shows that a container on the pan is a new physical load: a new tare was taken for it, or the
 * balance read (near) zero since the last accepted container — the load left the pan.
 */
export const CONTAINER_EVIDENCE = ['new-tare', 'returned-to-zero'] as const;
export type ContainerEvidence = (typeof CONTAINER_EVIDENCE)[number];

/** How the record says a container is a new load: the step's first, the first on another balance, or the evidence. */
export type ContainerOrigin = 'first' | 'other-balance' | ContainerEvidence;

export interface WeighedLoad {
  readonly balanceId: string;
  readonly gross: string;
  readonly tare: string;
}

/** gross − tare as exact text without trailing zeros ('25.2' and '25.200' are the same load), or null when not numbers. */
function netOf(load: WeighedLoad): string | null {
  const gross = parseDecimal(load.gross);
  const tare = parseDecimal(load.tare);
  if (!gross.ok || !tare.ok) return null;
  return toString(normalize(sub(gross.value, tare.value)));
}

/** Readings at or below this many divisions d (negative ones too: the load was lifted after a tare) count as an empty pan. */
export const EMPTY_PAN_DIVISIONS = '10';

/** Does this reading show the pan emptied (zero, near zero, or below zero after a tare)? */
export function panEmptied(balance: Balance, reading: Decimal): boolean {
  return lte(reading, mul(dec(EMPTY_PAN_DIVISIONS), dec(balance.readability)));
}

/**
 * A container is a new physical event. After a container on a balance, the next one on that balance
 * needs evidence; without it the same load could be counted twice (issue 8 §1).
 */
export function checkNewContainer(previous: WeighedLoad | undefined, next: WeighedLoad, evidence: ContainerEvidence | undefined): Result<ContainerOrigin, 'container-not-new'> {
  if (!previous) return accept('first');
  if (previous.balanceId !== next.balanceId) return accept('other-balance');
  if (evidence) return accept(evidence);
  const same = netOf(previous) !== null && netOf(previous) === netOf(next);
  return refuse(
    'container-not-new',
    `${same ? `The same stable reading (net ${netOf(next) ?? '?'}) on ${next.balanceId} twice in a row` : `No new container on ${next.balanceId} since the last one (gross ${previous.gross}, tare ${previous.tare})`}: ` +
      `take the load off until the balance returns to zero, or tare the new container, before accepting another container`,
  );
}
