/** Every payload schema by name, for the type agreement test with the domain and for tools. */
export * from './order.js';
export * from './equipment.js';
export * from './hold.js';
export * from './deviation.js';
export { SignatureApplied, SignatureFailed, SignerLockedOut, SignerUnlocked, LoggedIn, LoggedOut, PinChanged } from './people.js';
export { BalanceWeighing, ClockAnomaly } from './device.js';
export { LabelPrinted } from './label.js';
