// Sartorius SBI commands as bytes: format 1 is ESC + letter, format 2 is ESC + code + "_".
const ESC = 0x1b;

export const SBI_COMMANDS = {
  print: 'P',
  'tare-zero': 'T',
  tare: 'U',
  zero: 'V',
  'internal-adjustment': 'Z',
  restart: 'S',
  model: 'x1_',
  'serial-number': 'x2_',
  'software-version': 'x3_',
} as const;
export type SbiCommand = keyof typeof SBI_COMMANDS;

export interface SbiEncodeOptions {
  /** CR LF after the command: optional for the balance; sent by default as known-working drivers do. */
  readonly crlf?: boolean;
}

export function encodeSbiCommand(command: SbiCommand, options: SbiEncodeOptions = {}): Uint8Array {
  const text = SBI_COMMANDS[command] + (options.crlf === false ? '' : '\r\n');
  const bytes = new Uint8Array(1 + text.length);
  bytes[0] = ESC;
  for (let i = 0; i < text.length; i++) bytes[i + 1] = text.charCodeAt(i);
  return bytes;
}
