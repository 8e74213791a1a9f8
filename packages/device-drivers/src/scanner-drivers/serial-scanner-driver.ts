// A serial (RS-232 / CDC-ACM) scanner: AIM prefix + data + CR lines, read on the shared serial lifecycle.
// Nothing is asked: every line is a scan. GS (0x1D) stays in the data for the GS1 parser. A scan whose
// characters stop for the inter-character timeout before the suffix is an error naming them.
import type { ScanEvent } from '../events.js';
import { SerialDeviceDriver, type Frame, type IdentityFields } from '../driver/serial-device-driver.js';
import { decodeScannerLine, type ScannerLineRead } from '../scanner/serial-line.js';
import type { ScannerDriver, SerialScannerOptions } from '../scanner-driver.js';
import { ScanLineFramer } from './scan-line-framer.js';

type Scan = Extract<ScannerLineRead, { ok: true }>;

export class SerialScannerDriver extends SerialDeviceDriver<Scan, ScanEvent> implements ScannerDriver {
  protected readonly protocolName = 'serial';
  protected readonly deviceNoun = 'scanner';

  constructor(options: SerialScannerOptions) {
    // CR, LF or CR LF suffix; a scan that stops mid-label is reported and dropped, never glued to the next.
    const now = options.now;
    super(
      options,
      new ScanLineFramer({
        maxLineLength: options.maxLineLength ?? 4096,
        ...(options.interCharacterTimeoutMs !== undefined ? { interCharacterTimeoutMs: options.interCharacterTimeoutMs } : {}),
        ...(now ? { now: () => now().getTime() } : {}),
      }),
    );
  }

  protected parseLine(raw: string): { ok: true; value: Scan } | { ok: false; code: string; message: string } {
    const read = decodeScannerLine(raw);
    return read.ok ? { ok: true, value: read } : read;
  }

  protected identify(): Promise<IdentityFields | undefined> {
    return Promise.resolve({ at: this.now().toISOString(), raw: '' });
  }

  protected override polling(): boolean {
    return false;
  }

  protected pollOnce(): Promise<void> {
    return Promise.resolve();
  }

  protected onUnsolicited(frame: Frame<Scan>): void {
    const scan: ScanEvent = { kind: 'scan', deviceId: this.deviceId, at: frame.at, raw: frame.raw, data: frame.parsed.data };
    if (frame.parsed.symbology !== undefined) scan.symbology = frame.parsed.symbology;
    this.emitReading(scan, true);
  }
}
