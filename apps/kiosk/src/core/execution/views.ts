// The views are part of the UI contract, so they live in shared/api.ts (the renderer reads them too).
export type { ChargeContainerView, ChargeView, InstrumentStateView, OrderProgressView, OrderSummaryView, SessionView, StepView } from '../../shared/api.js';
