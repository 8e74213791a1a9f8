import { create } from 'zustand';
import type { AcceptedWeighing, DeviceStatusView, KioskState, SyncStatusView, WeightView } from '../shared/api.js';
import type { ConnectionState, Transport } from './transport.js';

export interface KioskView {
  connection: ConnectionState;
  state: KioskState | null;
  accepting: boolean;
  /** Last outcome of Accept, shown until the next one. */
  notice: { kind: 'ok' | 'error'; text: string } | null;
}

interface KioskStore extends KioskView {
  transport: Transport | null;
  attach(transport: Transport): () => void;
  accept(): Promise<void>;
  tare(): Promise<void>;
  zero(): Promise<void>;
}

function patch(state: KioskState | null, change: Partial<KioskState>): KioskState | null {
  return state ? { ...state, ...change } : state;
}

export const useKiosk = create<KioskStore>((set, get) => ({
  connection: 'connecting',
  state: null,
  accepting: false,
  notice: null,
  transport: null,
  attach(transport) {
    set({ transport });
    const offs = [
      transport.onConnection((connection) => {
        // Without the core nothing on screen is live any more: drop the weight at once (device and sync
        // are shown as unknown from `connection`), and take a fresh state when it is back.
        set((s) => ({ connection, ...(connection !== 'open' ? { state: patch(s.state, { weight: null }) } : {}) }));
        if (connection === 'open') void transport.call('getState', {}).then((state) => set({ state }));
      }),
      transport.on('state', (state) => set({ state })),
      transport.on('weight', (weight: WeightView) => set((s) => ({ state: patch(s.state, { weight }) }))),
      // A problem (overload, busy, an error) withdraws the weight in the core too: the next reading brings it back.
      transport.on('device-status', (device: DeviceStatusView) =>
        set((s) => ({ state: patch(s.state, { device, ...(device.connection !== 'connected' || device.problem !== null ? { weight: null } : {}) }) })),
      ),
      transport.on('sync-status', (sync: SyncStatusView) => set((s) => ({ state: patch(s.state, { sync }) }))),
    ];
    return () => offs.forEach((off) => off());
  },
  async accept() {
    const transport = get().transport;
    if (!transport || get().accepting) return;
    set({ accepting: true, notice: null });
    try {
      const result = await transport.call('acceptWeight', {});
      if (result.ok) {
        const w: AcceptedWeighing = result.weighing;
        set((s) => ({
          notice: { kind: 'ok', text: `Recorded ${w.value} ${w.unit} as #${w.seq}` },
          state: patch(s.state, { recentWeighings: [w, ...(s.state?.recentWeighings ?? []).filter((r) => r.seq !== w.seq)].slice(0, 10) }),
        }));
      } else {
        set({ notice: { kind: 'error', text: result.message } });
      }
    } catch (error) {
      set({ notice: { kind: 'error', text: `The kiosk core did not answer: ${(error as Error).message}` } });
    } finally {
      set({ accepting: false });
    }
  },
  async tare() {
    const result = await get().transport?.call('tare', {});
    if (result && !result.ok) set({ notice: { kind: 'error', text: result.message } });
  },
  async zero() {
    const result = await get().transport?.call('zero', {});
    if (result && !result.ok) set({ notice: { kind: 'error', text: result.message } });
  },
}));

/** Why Accept is disabled, in words for the operator; null when it may be pressed. */
export function acceptBlockedReason(view: KioskView): string | null {
  if (view.connection !== 'open' || !view.state) return 'Connecting to the kiosk core…';
  const { state } = view;
  if (!state.identity) return 'This kiosk is not enrolled: ask an admin for an enrollment code';
  if (!state.device) return 'No balance is configured for this station';
  if (state.device.connection !== 'connected') return state.device.problem ?? `${state.device.balanceId} is not connected`;
  if (state.device.problem) return state.device.problem;
  if (!state.weight) return `Waiting for a reading from ${state.device.balanceId}`;
  if (!state.weight.stable) return 'The reading is moving: wait for STABLE';
  if (view.accepting) return 'Recording…';
  return null;
}
