import { encodeSbiCommand, parseSbiLine } from '../sartorius/index.js';
import type { PrintLineProtocol, PrintLineReading } from './protocol.js';

export const SARTORIUS_SBI: PrintLineProtocol = {
  name: 'Sartorius SBI',
  framing: { delimiters: ['\r\n'], maxLineLength: 256 },
  print: encodeSbiCommand('print'),
  tare: encodeSbiCommand('tare'),
  zero: encodeSbiCommand('zero'),
  answersTareZero: false,
  identityRequests: [
    { field: 'serialNumber', bytes: encodeSbiCommand('serial-number') },
    { field: 'model', bytes: encodeSbiCommand('model') },
  ],
  parse(line) {
    const parsed = parseSbiLine(line);
    const ok = (value: PrintLineReading) => ({ ok: true as const, value });
    switch (parsed.kind) {
      case 'weight':
        return ok({ kind: 'weight', value: parsed.value, unit: parsed.unit, stable: parsed.stable, basis: parsed.basis });
      case 'identity':
        return ok({ kind: 'identity', field: parsed.field === 'serial-number' ? 'serialNumber' : 'model', text: parsed.text });
      case 'message':
        if (parsed.code === 'overload' || parsed.code === 'underload') return ok({ kind: 'range', state: parsed.code, message: parsed.message });
        if (parsed.code === 'calibration') return ok({ kind: 'range', state: 'busy', message: parsed.message });
        return ok({ kind: 'notice', code: `balance-${parsed.code}`, message: parsed.message });
      case 'unrecognized':
        return { ok: false, code: 'syntax-error', message: parsed.message };
    }
  },
};
