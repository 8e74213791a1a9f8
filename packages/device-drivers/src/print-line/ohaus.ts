import { encodeOhausCommand, parseOhausLine } from '../ohaus/index.js';
import type { PrintLineProtocol, PrintLineReading } from './protocol.js';

// Ohaus overload/underload texts vary by model and are not in the codec [unverified]: read them here.
const OVERLOAD = /^-*\s*(OVERLOAD|O-L|OL)\s*-*$/i;
const UNDERLOAD = /^-*\s*(UNDERLOAD|U-L|UL)\s*-*$/i;
const BUSY = /^-*\s*BUSY\s*-*$/i;
const ERROR = /^Err\b/i;

export const OHAUS: PrintLineProtocol = {
  name: 'Ohaus',
  framing: { delimiters: ['\r\n'], maxLineLength: 256 },
  print: encodeOhausCommand('print-immediate'),
  tare: encodeOhausCommand('tare'),
  zero: encodeOhausCommand('zero'),
  answersTareZero: false,
  identityRequests: [
    { field: 'serialNumber', bytes: encodeOhausCommand('print-serial-number') },
    { field: 'firmware', bytes: encodeOhausCommand('print-version') },
  ],
  parse(line) {
    const parsed = parseOhausLine(line);
    const ok = (value: PrintLineReading) => ({ ok: true as const, value });
    switch (parsed.kind) {
      case 'weight':
        return ok({ kind: 'weight', value: parsed.value, unit: parsed.unit, stable: parsed.stable, basis: parsed.basis });
      case 'error':
        return ok({ kind: 'refusal', code: 'command-not-supported', message: parsed.message });
      case 'text':
        if (OVERLOAD.test(parsed.text)) return ok({ kind: 'range', state: 'overload', message: `balance overloaded (${parsed.text})` });
        if (UNDERLOAD.test(parsed.text)) return ok({ kind: 'range', state: 'underload', message: `balance underloaded (${parsed.text})` });
        if (BUSY.test(parsed.text)) return ok({ kind: 'range', state: 'busy', message: `balance busy (${parsed.text})` });
        if (ERROR.test(parsed.text)) return ok({ kind: 'notice', code: 'balance-error', message: `balance error "${parsed.text}"` });
        return ok({ kind: 'text', text: parsed.text });
    }
  },
};
