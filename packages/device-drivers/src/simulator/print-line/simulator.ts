// SBI, A&D and Ohaus balances on a real pty: they answer print requests and print without reply IDs.
import { SimulatedBalanceHost, type BalanceSimulatorOptions } from '../balance-host.js';
import type { PtyPair } from '../pty-pair.js';
import { PRINT_LINE_DIALECTS, type PrintLineDialect, type PrintLineDriverName } from './dialects.js';

export class PrintLineSimulator extends SimulatedBalanceHost {
  private readonly dialect: PrintLineDialect;

  static start(driver: PrintLineDriverName, options: BalanceSimulatorOptions = {}): Promise<PrintLineSimulator> {
    return SimulatedBalanceHost.openOnPty((pair) => new PrintLineSimulator(pair, driver, options));
  }

  private constructor(pair: PtyPair, driver: PrintLineDriverName, options: BalanceSimulatorOptions) {
    super(pair, { decimals: 2, ...options }, { delimiters: ['\r\n'], maxLineLength: 256 });
    this.dialect = PRINT_LINE_DIALECTS[driver];
  }

  protected printLine(): string {
    return this.dialect.weightLine(this.model.read(), this.model);
  }

  protected async execute(line: string): Promise<void> {
    const action = this.dialect.actionOf(line);
    switch (action) {
      case undefined:
        if (this.dialect.unknown !== undefined) await this.reply(this.dialect.unknown);
        return;
      case 'print':
        return this.reply(this.printLine());
      case 'tare':
      case 'zero': {
        const outcome = await this.waitStable();
        if (outcome === 'cancelled') return;
        const done = outcome === 'stable' && (action === 'tare' ? this.model.tare() : this.model.zero()).ok;
        const answer = done ? this.dialect.done : this.dialect.refused;
        if (answer !== undefined) await this.reply(answer);
        return;
      }
      default: {
        const identity = this.dialect.identityLine(action, this.model);
        if (identity !== undefined) await this.reply(identity);
        else if (this.dialect.unknown !== undefined) await this.reply(this.dialect.unknown);
      }
    }
  }
}
