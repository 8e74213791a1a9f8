// Thermo Orion Star A commands: OPCODE [OPERANDS] CR; the meter upper-cases and ignores LF.
export const ORION_COMMANDS = ['GETMEAS', 'GETCAL', 'SYSTEM'] as const;
export type OrionCommand = (typeof ORION_COMMANDS)[number];

export function encodeOrionCommand(command: OrionCommand): Uint8Array {
  return Uint8Array.from(`${command}\r`, (ch) => ch.charCodeAt(0));
}
