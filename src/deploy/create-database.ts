import type { Config } from "../config/config.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { openDriver } from "../driver/connect.ts";

/** What {@link createDatabase} did. */
export type CreateOutcome = "created" | "exists";

/**
 * Creates the database of `config` when it does not exist yet (`--create-database`), through its
 * dialect's server part: on SQLite the file and its folder; on PostgreSQL `CREATE DATABASE`
 * through the server's maintenance database with the same credentials. A database another process
 * creates at the same moment counts as existing. A missing privilege is `PERMISSION_DENIED`.
 */
export async function createDatabase(
  config: Config,
  onNotice: (message: string) => void = () => {},
): Promise<CreateOutcome> {
  const dialect = dialectNamed(config.dialect);
  const made = await dialect.server.createDatabase(config, (c) => openDriver(dialect, c));
  if (made.outcome === "created")
    onNotice(
      made.name === undefined
        ? `Created the ${dialect.label} database ${config.display}.`
        : `Created the ${dialect.label} database "${made.name}" (${config.display}).`,
    );
  return made.outcome;
}
