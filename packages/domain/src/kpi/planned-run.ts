/**
 * PRI, the ISO 22400-2 planned run time per unit that Effectiveness E = Σ(PRI·PQ) / APT compares with, of
 * one dispense: the recipe step's own `plannedRunMinutesPerKg` when it has one, else its material's; none
 * (undefined) when neither plans it. Minutes per kilogram.
 */
export function plannedRunMinutesPerKg(step: { readonly plannedRunMinutesPerKg?: number } | undefined, material: { readonly plannedRunMinutesPerKg?: number } | undefined): number | undefined {
  return step?.plannedRunMinutesPerKg ?? material?.plannedRunMinutesPerKg;
}
