import { create } from 'zustand';
import type { CommandName, DeviationView, HoldView, InstrumentStateView, MasterHoldView, LockoutView, PinChangeView, RoutineCheckView, KioskCommands, OrderProgressView, OrderSummaryView, ScanOutcomeView, SessionView } from '../../shared/api.js';
import { useKiosk } from '../store.js';

export type Screen = 'weigh' | 'execution' | 'checks';

interface ExecutionView {
  screen: Screen;
  session: SessionView | null;
  orders: readonly OrderSummaryView[];
  holds: readonly HoldView[];
  /** Lots on hold in the plant's master data (released centrally). */
  masterHolds: readonly MasterHoldView[];
  /** The station's instruments on the daily-check list (ready, due, blocked). */
  checks: readonly RoutineCheckView[];
  deviations: readonly DeviationView[];
  /** The station's balances and pH meters with their operating state, and the plant's one-tap down reasons. */
  instruments: readonly InstrumentStateView[];
  downReasons: readonly { readonly id: string; readonly label: string; readonly planned: boolean }[];
  orderId: string | null;
  progress: OrderProgressView | null;
  /** The last refusal or confirmation, in the domain's plain words (never a code). */
  /** `scan` is the lot data of a refused wedge scan (the renderer never saw it as text). */
  message: { kind: 'ok' | 'error'; text: string; code?: string; scan?: string } | null;
  busy: boolean;
  /** The last login's lockout (who, since when, what to do), shown on the login screen until the next attempt. */
  lockout: LockoutView | null;
  /** Signed in with an admin-set PIN: who must set their own, and the temporary PIN just proved (kept until set or cancelled). */
  pinChange: (PinChangeView & { badgeOrUserId: string; currentPin: string }) | null;
  signing: boolean;
  /** The last scan refused for first-expiry-first-out, kept so an override signs exactly that scan. */
  fefoScan: { scan: string; why: string } | null;
}

interface ExecutionStore extends ExecutionView {
  show(screen: Screen): void;
  refresh(): Promise<void>;
  /** A refresh for a burst of changes: one at a time, and one more after it if more came meanwhile. */
  refreshSoon(): void;
  login(badgeOrUserId: string, pin: string): Promise<void>;
  /** Sets the user's own PIN in place of the admin-set one (the "Set your new PIN" step), then the session opens. */
  changePin(newPin: string, newPinAgain: string): Promise<void>;
  cancelPinChange(): void;
  logout(): Promise<void>;
  openOrder(orderId: string): Promise<void>;
  closeOrder(): void;
  /** Runs a step command; a refusal is shown, an acceptance refreshes the step. */
  run<K extends CommandName>(command: K, request: KioskCommands[K]['request'], done?: string): Promise<boolean>;
  setSigning(open: boolean): void;
  setFefoScan(fefoScan: { scan: string; why: string } | null): void;
  /** A hardware scanner's scan: its refusal is shown like a typed one's, and the step refreshes. */
  scanned(outcome: ScanOutcomeView): void;
}

function transport() {
  const t = useKiosk.getState().transport;
  if (!t) throw new Error('the kiosk core is not connected yet');
  return t;
}

let refreshing = false;
let refreshAgain = false;

export const useExecution = create<ExecutionStore>((set, get) => ({
  screen: 'weigh',
  session: null,
  orders: [],
  holds: [],
  masterHolds: [],
  checks: [],
  deviations: [],
  instruments: [],
  downReasons: [],
  orderId: null,
  progress: null,
  message: null,
  busy: false,
  lockout: null,
  pinChange: null,
  signing: false,
  fefoScan: null,
  show(screen) {
    set({ screen });
    if (screen !== 'weigh') void get().refresh();
  },
  async refresh() {
    const t = transport();
    const session = await t.call('getSession', {});
    if (!session) {
      set({ session: null, progress: null, orderId: null, downReasons: [] });
      return;
    }
    const orders = await t.call('listOrders', {});
    const holds = await t.call('listHolds', {});
    const masterHolds = await t.call('listMasterHolds', {});
    const checks = await t.call('listRoutineChecks', {});
    const deviations = await t.call('listDeviations', {});
    const instruments = await t.call('listInstrumentStates', {});
    // The plant's reasons change with master data only: asked once per session.
    const downReasons = get().downReasons.length > 0 ? null : await t.call('listDownReasons', {});
    const orderId = get().orderId;
    const progress = orderId ? await t.call('orderProgress', { orderId }) : null;
    set({ session, holds, masterHolds, checks: checks.ok ? checks.items : [], deviations, instruments: instruments.ok ? instruments.instruments : [], ...(downReasons?.ok ? { downReasons: downReasons.reasons } : {}), orders: orders.ok ? orders.orders : [], progress: progress?.ok ? progress.progress : null, ...(progress && !progress.ok ? { message: { kind: 'error', text: progress.message } } : {}) });
  },
  refreshSoon() {
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshing = true;
    const loop = async (): Promise<void> => {
      do {
        refreshAgain = false;
        try {
          await get().refresh();
        } catch {
          // The transport shows its own connection state; the next change or the timer tries again.
        }
      } while (refreshAgain);
      refreshing = false;
    };
    void loop();
  },
  async login(badgeOrUserId, pin) {
    set({ busy: true, message: null, lockout: null });
    try {
      const result = await transport().call('login', { badgeOrUserId, pin });
      if (!result.ok && result.pinChange) set({ pinChange: { ...result.pinChange, badgeOrUserId, currentPin: pin }, message: null });
      else if (!result.ok) set({ message: { kind: 'error', text: result.message, code: result.code }, lockout: result.lockout ?? null });
      else set({ session: result.session, message: { kind: 'ok', text: `Logged in as ${result.session.printedName}` } });
      await get().refresh();
    } finally {
      set({ busy: false });
    }
  },
  async changePin(newPin, newPinAgain) {
    const pending = get().pinChange;
    if (!pending) return;
    set({ busy: true, message: null, lockout: null });
    try {
      const result = await transport().call('changePin', { badgeOrUserId: pending.badgeOrUserId, currentPin: pending.currentPin, newPin, newPinAgain });
      if (result.ok) set({ pinChange: null, session: result.session, message: { kind: 'ok', text: `New PIN set — logged in as ${result.session.printedName}` } });
      // A wrong temporary PIN or a lockout ends the step: the user starts again at the login form.
      else if (result.code === 'pin-wrong' || result.code === 'signer-locked-out' || result.code === 'login-failed') set({ pinChange: null, message: { kind: 'error', text: result.message, code: result.code }, lockout: result.lockout ?? null });
      else set({ message: { kind: 'error', text: result.message, code: result.code } });
      await get().refresh();
    } finally {
      set({ busy: false });
    }
  },
  cancelPinChange() {
    set({ pinChange: null, message: null });
  },
  async logout() {
    await transport().call('logout', {});
    set({ session: null, orderId: null, progress: null, message: null, pinChange: null });
  },
  async openOrder(orderId) {
    set({ orderId, message: null });
    const order = get().orders.find((o) => o.orderId === orderId);
    // At the line (issue 13) the order runs at its own station: this kiosk only does its charge step.
    if (order?.status === 'not-started' && order.atLine === undefined) {
      const started = await transport().call('startOrder', { orderId });
      if (!started.ok) set({ message: { kind: 'error', text: started.message } });
    }
    await get().refresh();
  },
  closeOrder() {
    set({ orderId: null, progress: null, message: null });
    void get().refresh();
  },
  async run(command, request, done) {
    set({ busy: true, message: null });
    try {
      const result = (await transport().call(command, request)) as { ok: boolean; message?: string; code?: string; scan?: string } | null;
      // The code is kept for the screen to choose a follow-up (e.g. the FEFO override); the words are shown.
      // The words first, then the lists: a hardware scan's refusal that arrives during the refresh must
      // not be overwritten by this act's older outcome (the lists catch up within a frame or two).
      if (result && !result.ok) set({ message: { kind: 'error', text: result.message ?? 'Refused', ...(result.code ? { code: result.code } : {}), ...(result.scan !== undefined ? { scan: result.scan } : {}) } });
      else if (done) set({ message: { kind: 'ok', text: done } });
      await get().refresh().catch(() => undefined);
      return result?.ok ?? false;
    } catch (error) {
      set({ message: { kind: 'error', text: `The kiosk core did not answer: ${(error as Error).message}` } });
      return false;
    } finally {
      set({ busy: false });
    }
  },
  setSigning(open) {
    set({ signing: open });
  },
  setFefoScan(fefoScan) {
    set({ fefoScan });
  },
  scanned(outcome) {
    if (!get().session) return;
    if (outcome.ok) {
      set({ message: { kind: 'ok', text: `Lot accepted from ${outcome.scannerId}` }, fefoScan: null });
    } else {
      set({
        message: { kind: 'error', text: outcome.message, code: outcome.code },
        fefoScan: outcome.code === 'lot-not-first-expiry' ? { scan: outcome.scan, why: outcome.message } : null,
      });
    }
    get().refreshSoon();
  },
}));

/** Exact comparison of two decimal strings for the display (the core and domain decide; this only shows). */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const scale = Math.max(a.split('.')[1]?.length ?? 0, b.split('.')[1]?.length ?? 0);
  const scaled = (t: string) => {
    const negative = t.startsWith('-');
    const [whole = '0', frac = ''] = t.replace(/^[-+]/, '').split('.');
    const v = BigInt(whole + frac.padEnd(scale, '0'));
    return negative ? -v : v;
  };
  const x = scaled(a);
  const y = scaled(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Exact sum of two decimal strings, for the projected total on the tolerance bar. */
export function addDecimal(a: string, b: string): string {
  const scale = Math.max(a.split('.')[1]?.length ?? 0, b.split('.')[1]?.length ?? 0);
  const scaled = (t: string) => {
    const negative = t.startsWith('-');
    const [whole = '0', frac = ''] = t.replace(/^[-+]/, '').split('.');
    const v = BigInt(whole + frac.padEnd(scale, '0'));
    return negative ? -v : v;
  };
  const sum = scaled(a) + scaled(b);
  const digits = (sum < 0n ? -sum : sum).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return sum < 0n ? `-${text}` : text;
}
