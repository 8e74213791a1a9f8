import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * Every transaction of this server writes. A deferred BEGIN reads first and then upgrades to a write
 * lock, which in WAL mode fails at once with SQLITE_BUSY when another process committed meanwhile
 * (busy_timeout does not apply to that upgrade). BEGIN IMMEDIATE takes the write lock up front and
 * waits for it under busy_timeout, so two server processes on one file queue instead of failing.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
