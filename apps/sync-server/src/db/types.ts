import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A connection or an open transaction: table modules work in either. */
export type Db = Kysely<Database>;
