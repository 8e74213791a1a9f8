export { encodeHannaCommand, HANNA_COMMANDS, HANNA_COMMAND_PREFIX, type HannaCommand } from './commands.js';
export { createHannaFramer, encodeHannaAnswer, hannaChecksum, type HannaFramer, type HannaFrameEvent } from './framer.js';
export {
  parseRasAnswer,
  parseHannaError,
  scientificDecimal,
  HANNA_ERRORS,
  HANNA_MODES,
  HANNA_RANGES,
  type HannaMode,
  type HannaRange,
  type HannaRead,
  type HannaReading,
  type HannaStatus,
} from './ras.js';
