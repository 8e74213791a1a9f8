export { parseElementString, GS1_SYMBOLOGIES, MAX_GS1_INPUT } from './parse.js';
export { encodeElementString, type Gs1ElementInput } from './encode.js';
export { gs1CheckDigit, hasValidCheckDigit } from './check-digit.js';
export { lookupAi, type AiDefinition } from './ai-lookup.js';
export { GS1_PROBLEM_CODES } from './types.js';
export type { Gs1Date, Gs1Element, Gs1Measure, Gs1ParseOptions, Gs1Problem, Gs1ProblemCode, Gs1Result } from './types.js';
export type { AiComponentSpec, AiDictionaryEntry, CharacterSet } from './dictionary.js';
