export { formatHostStatus, parseHostStatus, printerNotReady, type PrinterHostStatus } from './host-status.js';
export { TcpPrinterConnection, SerialPrinterConnection, type PrinterConnection } from './connection.js';
export {
  ZplPrinterDriver,
  type ZplPrinterDriverOptions,
  type PrinterFailure,
  type PrinterPhase,
} from './driver.js';
export {
  ZplPrinterModel,
  ZplPrinterTcpSimulator,
  ZplPrinterPtySimulator,
  type PrintedLabel,
} from './simulator.js';
