// A Thermo Orion Star A215 on a pty: echoes the command, prints the CSV record and the `>` prompt.
import type { PtyPair } from '../pty-pair.js';
import { PtyDeviceHost } from '../pty-host.js';
import { PhModel, type PhSimulatorControl, type PhSimulatorOptions } from './ph-model.js';

export class OrionStarSimulator extends PtyDeviceHost implements PhSimulatorControl {
  readonly model: PhModel;
  private logNumber = 0;

  static start(options: PhSimulatorOptions = {}): Promise<OrionStarSimulator> {
    return PtyDeviceHost.openOnPty((pair) => new OrionStarSimulator(pair, options));
  }

  private constructor(pair: PtyPair, options: PhSimulatorOptions) {
    // The meter ends commands at CR and ignores LF.
    super(pair, { delimiters: ['\r', '\n'], maxLineLength: 256 });
    this.model = new PhModel(options);
  }

  setReading(reading: { ph?: string; mV?: string; temperatureC?: string }): void {
    this.model.set(reading);
  }
  setUnstable(unstable: boolean): void {
    this.model.unstable = unstable;
  }
  setSerialNumber(serialNumber: string): void {
    this.model.serialNumber = serialNumber;
  }

  /** The record GETMEAS prints; the log number is written only at a stable endpoint (Auto-Read). */
  record(): string {
    const m = this.model;
    const log = m.unstable ? '---' : `#${++this.logNumber}`;
    return `A215 pH,${m.serialNumber},3.04,ABCDE,12/07/23 09:30:40,---,CH-1,pH,${m.read().text},pH,${m.mV.text}, mV,${m.temperatureC.text},C,98.6,%,M100,${log}`;
  }

  protected async execute(line: string): Promise<void> {
    const command = line.trim().toUpperCase();
    if (command === '') return;
    const echo = command.padEnd(16, ' ') + '\r\n\r\n\r';
    if (command === 'GETMEAS') await this.replyRaw(echo + this.record() + '\n\r\r>');
    else await this.replyRaw(echo + 'Invalid command\n\r\r>');
  }
}
