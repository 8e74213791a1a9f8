// Hanna meter commands: <prefix><command><CR>. The DLE (16) prefix is from one manual and
// unconfirmed on hardware [unverified], so it can be changed or left out.
export const HANNA_COMMANDS = ['RAS', 'MDR', 'GLP', 'PAR'] as const;
export type HannaCommand = (typeof HANNA_COMMANDS)[number] | `CHR${string}`;

export const HANNA_COMMAND_PREFIX = 0x10;

export function encodeHannaCommand(command: HannaCommand, options: { prefix?: number | null } = {}): Uint8Array {
  const prefix = options.prefix === undefined ? HANNA_COMMAND_PREFIX : options.prefix;
  const body = Array.from(`${command}\r`, (ch) => ch.charCodeAt(0) & 0xff);
  return Uint8Array.from(prefix === null ? body : [prefix, ...body]);
}
