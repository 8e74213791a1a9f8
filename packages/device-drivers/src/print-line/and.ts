import { encodeAndCommand, parseAndLine } from '../and/index.js';
import type { PrintLineProtocol, PrintLineReading } from './protocol.js';

export const AND_STANDARD: PrintLineProtocol = {
  name: 'A&D',
  framing: { delimiters: ['\r\n'], maxLineLength: 256 },
  print: encodeAndCommand('Q'),
  tare: encodeAndCommand('T'),
  zero: encodeAndCommand('Z'),
  answersTareZero: true,
  identityRequests: [
    { field: 'serialNumber', bytes: encodeAndCommand('?SN') },
    { field: 'model', bytes: encodeAndCommand('?ID') },
  ],
  parse(line) {
    const parsed = parseAndLine(line);
    const ok = (value: PrintLineReading) => ({ ok: true as const, value });
    switch (parsed.kind) {
      case 'weight':
        return ok({ kind: 'weight', value: parsed.value, unit: parsed.unit, stable: parsed.stable, basis: parsed.basis });
      case 'overload':
        // OL carries the sign of the excursion: "OL,-9999999E+19" is below the range.
        return ok({ kind: 'range', state: /^OL,-/.test(line) ? 'underload' : 'overload', message: parsed.message });
      case 'ack':
        return ok({ kind: 'ack' });
      case 'error':
        // E02 "not ready": the balance is busy, there is no weight to give right now.
        if (parsed.errorCode === 'E02') return ok({ kind: 'range', state: 'busy', message: parsed.message });
        return ok({ kind: 'refusal', code: parsed.code, message: parsed.message });
      case 'identity':
        return ok({ kind: 'identity', field: parsed.field === 'serial-number' ? 'serialNumber' : 'model', text: parsed.text });
      case 'unrecognized':
        return { ok: false, code: 'syntax-error', message: parsed.message };
    }
  },
};
