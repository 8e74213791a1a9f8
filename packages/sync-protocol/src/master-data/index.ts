export * from './catalog.js';
export { DowntimeReasonSchema, ShiftSchema } from './calendar.js';
export { BalanceSchema, BufferCalibrationPlanSchema, CalibrationSchema, EquipmentSchema, PhMeterSchema, ScannerSchema, SensitivityTestPlanSchema, TestWeightSchema } from './equipment.js';
export { LotSchema, MaterialSchema } from './materials.js';
export { PulledUserSchema, SettingsSchema, SiteSchema, StationSchema, UserSchema } from './plant.js';
export { OrderSchema, RecipeApprovalSchema, RecipeSchema, RecipeStepSchema } from './recipe.js';
export { ContainerSchema } from './container.js';
export { assembleMasterData, MASTER_COLLECTIONS } from './snapshot.js';
