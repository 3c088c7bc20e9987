import type { Config, Target } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import type { ConnectDialect } from "../driver/connect.ts";

/** OpenTargetOptions tune the session `openTarget` opens. */
export interface OpenTargetOptions {
  /**
   * Also search `public` after the configured schema (for user code in `runInTransaction`, which may
   * call extension functions installed there). Default is `false`: the configured schema alone.
   */
  readonly alsoPublic?: boolean;
}

/**
 * The SessionPart is how a dialect opens pormg's working connections (implemented in each dialect
 * folder as `<d>-session.ts`): scoping a connection to the schema a folder manages, and the
 * read-only connection of the commands that only read.
 */
export interface SessionPart {
  /**
   * Scopes a fresh connection to `schema` (PostgreSQL: `search_path` pinned to it, the driver
   * marked as working in it); a dialect without schemas returns `driver` as it is.
   */
  scope(driver: Driver, schema: string, options: OpenTargetOptions): Promise<Driver>;
  /**
   * Opens a read-only connection for a command that only reads, or returns undefined when the
   * dialect reads through an ordinary working connection (`openTarget`).
   */
  openReadonly(target: Config | Target): Promise<Driver | undefined>;
  /** The file the database lives in (SQLite), whose permissions pormg's copies keep; `null` for a server. */
  file(target: Target): string | null;
}

/** The parts of a Dialect that opening a working connection uses: the driver, and the session scoping. */
export interface SessionDialect extends ConnectDialect {
  readonly session: SessionPart;
}
