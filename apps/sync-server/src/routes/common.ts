import { ErrorBodySchema } from '@lineside/sync-protocol';

/** The error responses a route can give, for its schema (validation of output + OpenAPI). */
export function errors(...codes: readonly number[]): Record<number, typeof ErrorBodySchema> {
  return Object.fromEntries([400, 415, 413, 500, ...codes].map((code) => [code, ErrorBodySchema]));
}
