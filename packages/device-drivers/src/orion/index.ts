export { encodeOrionCommand, ORION_COMMANDS, type OrionCommand } from './commands.js';
export { createOrionFramer, ORION_PROMPT, type OrionFramer, type OrionFrameEvent } from './framer.js';
export { parseOrionRecord, parseOrionReply, type OrionMeasurement, type OrionRead } from './measurement.js';
