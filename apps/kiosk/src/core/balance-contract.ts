import { BALANCE_DRIVERS, createBalanceDriver, type BalanceDriver, type BalanceDriverName, type DeviceEvent, type WeightEvent } from '@lineside/device-drivers';

/** The kiosk's names for the device-drivers balance contract. */
export type BalanceDriverLike = BalanceDriver;
export type BalanceEvent = DeviceEvent;
export type BalanceWeight = WeightEvent;

export interface BalanceOpenOptions {
  readonly driver: BalanceDriverName;
  readonly path: string;
  readonly deviceId: string;
}

/** Opens a driver; tests may pass their own. May throw for a driver that is not implemented. */
export type BalanceFactory = (options: BalanceOpenOptions) => BalanceDriverLike;

export const realBalanceFactory: BalanceFactory = (options) => createBalanceDriver({ ...options });

export function isBalanceDriverName(name: string): name is BalanceDriverName {
  return (BALANCE_DRIVERS as readonly string[]).includes(name);
}
export { BALANCE_DRIVERS };
