import type { DeviceEvent } from '../events.js';

/** Fan-out of device events; a throwing listener is a bug of that listener and must not stop the driver. */
export class EventHub {
  private readonly listeners = new Set<(event: DeviceEvent) => void>();

  on(listener: (event: DeviceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: DeviceEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // Surface it as an uncaught error, outside the serial data path.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
