export { encodeAndCommand, AND_COMMANDS, type AndCommand } from './commands.js';
export { parseAndLine, AND_ERRORS, AND_COMPARATOR_RESULTS, type AndLine } from './output-line.js';
