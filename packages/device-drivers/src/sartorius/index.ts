export { encodeSbiCommand, SBI_COMMANDS, type SbiCommand, type SbiEncodeOptions } from './commands.js';
export { parseSbiLine, SBI_MESSAGE_CODES, type SbiLine, type SbiMessageCode } from './output-line.js';
