// An MT-SICS balance on a real pseudo-terminal, with the faults of DEVICES.md §7 on demand.
import { SimulatedBalanceHost, SIMULATOR_MODES, type BalanceSimulatorControl, type BalanceSimulatorOptions, type SimulatorMode } from '../balance-host.js';
import type { PtyPair } from '../pty-pair.js';
import type { WeightState } from '../balance-model.js';

export const MT_SICS_SIMULATOR_MODES = SIMULATOR_MODES;
export type MtSicsSimulatorMode = SimulatorMode;
export type MtSicsSimulatorOptions = BalanceSimulatorOptions;

/** What a test or scenario may do to an MT-SICS balance, beyond any balance. */
export interface MtSicsControl extends BalanceSimulatorControl {
  /** these commands answer ES, as on a balance that lacks them */
  setUnsupported(commands: readonly string[]): void;
  /** answer the next n commands with ET, as after a parity error */
  answerTransmissionErrors(n: number): void;
}

export class MtSicsSimulator extends SimulatedBalanceHost implements MtSicsControl {
  private unsupported = new Set<string>();
  private transmissionErrors = 0;

  static start(options: MtSicsSimulatorOptions = {}): Promise<MtSicsSimulator> {
    return SimulatedBalanceHost.openOnPty((pair) => new MtSicsSimulator(pair, options));
  }

  private constructor(pair: PtyPair, options: MtSicsSimulatorOptions) {
    super(pair, options, { delimiters: ['\r\n'], maxLineLength: 256 });
  }

  setUnsupported(commands: readonly string[]): void {
    this.unsupported = new Set(commands);
  }

  answerTransmissionErrors(n: number): void {
    this.transmissionErrors = n;
  }

  protected printLine(): string {
    return this.weightLine('S', this.model.read());
  }

  // '@' is executed at once, even while another command waits for stability.
  protected override interrupts(line: string): boolean {
    return line === '@';
  }

  protected async execute(line: string): Promise<void> {
    this.stopStream();
    if (this.transmissionErrors > 0) {
      this.transmissionErrors--;
      return this.reply('ET');
    }
    // A byte outside printable ASCII is what a parity or baud mismatch looks like to the balance.
    if (/[^\x20-\x7e]/.test(line)) return this.reply('ET');
    const [command = '', ...params] = line.split(' ');
    if (this.unsupported.has(command)) return this.reply('ES');
    const { serialNumber, model, capacity, unit, firmware } = this.model.settings;
    switch (command) {
      case '@':
      case 'I4':
        return this.reply(`I4 A "${serialNumber}"`);
      case 'I1':
        return this.reply('I1 A "01" "2.00" "2.20" "1.00" "1.50"');
      case 'I2':
        return this.reply(`I2 A "${model} ${capacity} ${unit}"`);
      case 'I3':
        return this.reply(`I3 A "${firmware}"`);
      case 'SI':
        return this.reply(this.weightLine('S', this.model.read()));
      case 'SIR':
        await this.reply(this.weightLine('S', this.model.read()));
        this.startStream();
        return;
      case 'S': {
        if ((await this.waitStable()) === 'cancelled') return;
        const state = this.model.read();
        return this.reply(this.model.motion && state.kind === 'value' ? 'S I' : this.weightLine('S', state));
      }
      case 'T': {
        const outcome = await this.waitStable();
        if (outcome === 'cancelled') return;
        if (this.model.motion) return this.reply('T I');
        const tared = this.model.tare();
        return this.reply(tared.ok ? formatWeightLine('T', 'S', this.model.format(tared.tare), unit) : `T ${tared.status}`);
      }
      case 'TA':
        if (params.length > 0) {
          if (params[1] !== unit) return this.reply('TA L');
          this.model.presetTare(params[0] ?? '');
        }
        return this.reply(formatWeightLine('TA', 'A', this.model.format(this.model.currentTare), unit));
      case 'TAC':
        this.model.clearTare();
        return this.reply('TAC A');
      case 'Z': {
        const outcome = await this.waitStable();
        if (outcome === 'cancelled') return;
        if (this.model.motion) return this.reply('Z I');
        const zeroed = this.model.zero();
        return this.reply(zeroed.ok ? 'Z A' : `Z ${zeroed.status}`);
      }
      case 'ZI': {
        const moving = this.model.motion;
        const zeroed = this.model.zero();
        return this.reply(zeroed.ok ? `ZI ${moving ? 'D' : 'S'}` : `ZI ${zeroed.status}`);
      }
      default:
        return this.reply('ES');
    }
  }

  private weightLine(id: string, state: WeightState): string {
    const { unit } = this.model.settings;
    switch (state.kind) {
      case 'overload':
        return `${id} +`;
      case 'underload':
        return `${id} -`;
      case 'busy':
        return `${id} I`;
      case 'error':
        return `${id} S   Error ${state.code}b`;
      case 'value':
        return formatWeightLine(id, state.stable ? 'S' : 'D', this.model.format(state.units), unit);
    }
  }
}

/** A weight reply the way MT-SICS balances print it: value right-aligned in 10 characters. */
export function formatWeightLine(id: string, status: string, value: string, unit: string): string {
  return `${id} ${status} ${value.padStart(10, ' ')} ${unit}`;
}
