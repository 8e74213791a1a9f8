// Waiting for driver events with a deadline, instead of sleeping.
import type { BalanceDriver, DeviceEvent } from '@lineside/device-drivers';

export class EventLog {
  readonly events: DeviceEvent[] = [];
  private readonly waiters = new Set<() => void>();
  readonly stop: () => void;

  constructor(driver: Pick<BalanceDriver, 'on'>) {
    this.stop = driver.on((event) => {
      this.events.push(event);
      for (const waiter of [...this.waiters]) waiter();
    });
  }

  /** Resolves with the first event (from index `from`) that matches; rejects after timeoutMs naming what was seen. */
  waitFor<T extends DeviceEvent>(predicate: (event: DeviceEvent) => event is T, options?: { from?: number; timeoutMs?: number; what?: string }): Promise<T>;
  waitFor(predicate: (event: DeviceEvent) => boolean, options?: { from?: number; timeoutMs?: number; what?: string }): Promise<DeviceEvent>;
  waitFor(predicate: (event: DeviceEvent) => boolean, options: { from?: number; timeoutMs?: number; what?: string } = {}): Promise<DeviceEvent> {
    const from = options.from ?? 0;
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.events.slice(from).find(predicate);
        if (found === undefined) return false;
        clearTimeout(timer);
        this.waiters.delete(onEvent);
        resolve(found);
        return true;
      };
      const onEvent = (): void => {
        check();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(onEvent);
        const seen = this.events.slice(from).map((e) => (e.kind === 'weight' ? `weight ${e.value.text}${e.stable ? ' S' : ' D'}` : e.kind === 'status' ? `status ${e.state}` : e.kind === 'error' ? `error ${e.code}` : e.kind));
        reject(new Error(`no ${options.what ?? 'matching event'} within ${timeoutMs} ms; saw: ${seen.slice(-12).join(', ')}`));
      }, timeoutMs);
      this.waiters.add(onEvent);
      check();
    });
  }

  get length(): number {
    return this.events.length;
  }

  weights(from = 0): Extract<DeviceEvent, { kind: 'weight' }>[] {
    return this.events.slice(from).filter((e): e is Extract<DeviceEvent, { kind: 'weight' }> => e.kind === 'weight');
  }

  errors(code?: string): Extract<DeviceEvent, { kind: 'error' }>[] {
    return this.events.filter((e): e is Extract<DeviceEvent, { kind: 'error' }> => e.kind === 'error' && (code === undefined || e.code === code));
  }
}

export const isWeight = (value?: string, stable?: boolean) => (event: DeviceEvent): event is Extract<DeviceEvent, { kind: 'weight' }> =>
  event.kind === 'weight' && (value === undefined || event.value.text === value) && (stable === undefined || event.stable === stable);
export const isStatus = (state: string) => (event: DeviceEvent): event is Extract<DeviceEvent, { kind: 'status' }> => event.kind === 'status' && event.state === state;
export const isError = (code: string) => (event: DeviceEvent): event is Extract<DeviceEvent, { kind: 'error' }> => event.kind === 'error' && event.code === code;
