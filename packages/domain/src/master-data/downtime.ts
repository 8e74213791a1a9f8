/** Planned down time lies outside planned busy time; unplanned down time is ISO 22400 ADET. */
export const DOWNTIME_CATEGORIES = ['planned', 'unplanned'] as const;
export type DowntimeCategory = (typeof DOWNTIME_CATEGORIES)[number];

/** A reason from the master-data list an operator picks when a work unit goes down. */
export interface DowntimeReason {
  readonly id: string;
  readonly name: string;
  readonly category: DowntimeCategory;
  readonly description?: string;
  readonly active: boolean;
}
