/**
 * A rejected weighing's disposition in the reviewer's words: `reweigh` (order.weighing-rejected@2) is the
 * material poured back into its lot, unconsumed; scrap and rework read as they are.
 */
export function dispositionWords(disposition: string): string {
  return disposition === 'reweigh' ? 're-weigh, returned to its lot' : disposition;
}
