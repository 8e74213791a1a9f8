export * from './catalog.js';
export { SESSION_END_REASONS } from './people.js';
export { CLOCK_ANOMALY_KINDS, WEIGHING_BASES } from './device.js';
export * as RecordPayloads from './payloads.js';
export { recordTypesMarkdown, withRecordTypes } from './spec.js';
export { LABEL_PRINT_OUTCOMES } from './label.js';
