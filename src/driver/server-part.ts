import type { Config, Target } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";

/** What creating a database did: `created` it (a server's database is named), or it `exists` already. */
export interface DatabaseCreation {
  readonly outcome: "created" | "exists";
  /** The database created on a server (absent for a file: the target names it). */
  readonly name?: string;
}

/**
 * A ServerPart is how a dialect gets a deploy target ready (the port its `<d>-server.ts`
 * implements): `migrate --wait` waits for its server, `--create-database` creates its database.
 */
export interface ServerPart {
  /** The database lives on a server that may not accept connections yet (`--wait` waits for it). */
  readonly hasServer: boolean;
  /** The target with one connection attempt bounded to `seconds` (each try of `--wait`). */
  withConnectTimeout(target: Target, seconds: number): Target;
  /**
   * Creates the database `config` names when it does not exist yet, opening connections with
   * `open`; one another process creates meanwhile counts as existing. Errors name
   * `config.display`, with `config.secrets` redacted.
   */
  createDatabase(config: Config, open: (config: Config) => Promise<Driver>): Promise<DatabaseCreation>;
}
