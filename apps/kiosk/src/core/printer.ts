import { SerialPrinterConnection, TcpPrinterConnection, ZplPrinterDriver } from '@lineside/device-drivers';
import type { PrinterSpec } from './devices.js';
import type { LabelPrinter } from './execution/labels.js';

/**
 * The station's label printer (issue 13): the ZPL driver over TCP or serial. It asks the printer's host
 * status before each label, so out of paper, paused or offline is said before anything is sent, and it
 * reconnects by itself; the kiosk keeps running whatever the printer does.
 */
export function openPrinter(
  spec: PrinterSpec,
): LabelPrinter & { start(): Promise<void>; close(): Promise<void>; readonly spec: PrinterSpec } {
  const driver = new ZplPrinterDriver({
    deviceId: spec.printerId,
    connect: () => {
      if (spec.driver === 'zpl-serial') return new SerialPrinterConnection(spec.path);
      const at = spec.path.lastIndexOf(':');
      return at > 0
        ? new TcpPrinterConnection(spec.path.slice(0, at), Number(spec.path.slice(at + 1)))
        : new TcpPrinterConnection(spec.path, 9100);
    },
  });
  return {
    spec,
    printerId: spec.printerId,
    print: (zpl) => driver.print(zpl),
    start: () => driver.start(),
    close: () => driver.close(),
  };
}
