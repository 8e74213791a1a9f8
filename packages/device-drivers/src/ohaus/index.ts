export { encodeOhausCommand, OHAUS_COMMANDS, type OhausCommand } from './commands.js';
export { parseOhausLine, type OhausLine } from './output-line.js';
