// A serial (CDC-ACM) barcode scanner on a pty: each scan is AIM prefix + data + suffix; it answers nothing.
import type { PtyPair } from '../pty-pair.js';
import { PtyDeviceHost } from '../pty-host.js';

/** A demo-plant lot label as a GS1 DataMatrix reads: GTIN, expiry, net kg, then the variable lot. */
export const DEMO_LOT_LABEL = { symbology: ']d2', data: '010950110154001917270331310305040310PCM-2401' } as const;

export class SerialScannerSimulator extends PtyDeviceHost {
  private suffix = '\r';

  static start(): Promise<SerialScannerSimulator> {
    return PtyDeviceHost.openOnPty((pair) => new SerialScannerSimulator(pair));
  }

  private constructor(pair: PtyPair) {
    super(pair, { delimiters: ['\r', '\n'], maxLineLength: 256 });
  }

  /** CR (default), LF or CR LF, as the scanner is programmed */
  setSuffix(suffix: '\r' | '\n' | '\r\n'): void {
    this.suffix = suffix;
  }

  /** one decoded barcode; `symbology` is the AIM prefix the scanner is programmed to send (or none) */
  scan(data: string, symbology?: string): Promise<void> {
    return this.writeRaw((symbology ?? '') + data + this.suffix);
  }

  protected async execute(): Promise<void> {
    // Configuration commands are not simulated: a scanner in data mode ignores what it receives.
  }
}
