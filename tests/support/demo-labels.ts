// The demo plant's material GTINs (DEMO-PLANT.md) and its lot labels as a GS1-128 scanner delivers them:
// one copy for every test that scans a demo lot.

export const GTIN = { PCM: '09501101540019', MCC: '09501101540026', PVP: '09501101540033', CCS: '09501101540040', MGS: '09501101540057', IOY: '09501101540064' } as const;

/** A GS1-128 lot label as the scanner reads it: AIM ]C1, (01) GTIN, (17) expiry, (10) lot last so it needs no separator. */
export const gs1Label = (gtin: string, expiry: string, lot: string) => `]C101${gtin}17${expiry}10${lot}`;

/** The label of a demo lot, whose id starts with its material's code (PCM-2401 is paracetamol). */
export function lotLabel(lot: string, expiry: string): string {
  const gtin = (GTIN as Record<string, string>)[lot.slice(0, 3)];
  if (gtin === undefined) throw new Error(`${lot}: no demo material has the code ${lot.slice(0, 3)}`);
  return gs1Label(gtin, expiry, lot);
}
