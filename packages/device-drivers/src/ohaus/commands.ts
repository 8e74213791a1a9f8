// Ohaus balance commands (Explorer, Scout, Navigator, Discovery): ASCII + CR LF.
export const OHAUS_COMMANDS = {
  'print-immediate': 'IP',
  print: 'P',
  'print-stable': 'SP',
  'print-continuous': 'CP',
  'stop-continuous': '0P',
  zero: 'Z',
  tare: 'T',
  'print-serial-number': 'PSN',
  'print-version': 'PV',
  'print-tare': 'PT',
  'print-unit': 'PU',
} as const;
export type OhausCommand = keyof typeof OHAUS_COMMANDS;

export function encodeOhausCommand(command: OhausCommand): Uint8Array {
  return Uint8Array.from(`${OHAUS_COMMANDS[command]}\r\n`, (ch) => ch.charCodeAt(0));
}
