// A&D balance commands (FX-i, GX, EK-L, GC): ASCII mnemonic + CR LF.
export const AND_COMMANDS = ['Q', 'S', 'SI', 'SIR', 'T', 'Z', 'R', 'C', '?ID', '?SN'] as const;
export type AndCommand = (typeof AND_COMMANDS)[number];

export function encodeAndCommand(command: AndCommand): Uint8Array {
  const text = `${command}\r\n`;
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}
