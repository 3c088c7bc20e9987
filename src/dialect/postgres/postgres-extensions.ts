import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import { quoteIdent } from "./postgres-ddl.ts";

/**
 * Refuses (`CONFIG_INVALID`, exit 78) extensions of the connection's `extensions:` list that this
 * PostgreSQL server cannot install (not in `pg_available_extensions`), before anything runs. One
 * read-only query; nothing to do for an empty list or on SQLite.
 */
export async function assertExtensionsAvailable(driver: Driver, extensions: readonly string[]): Promise<void> {
  if (driver.dialect !== "postgresql" || extensions.length === 0) return;
  const rows = await driver.query<{ name: string }>(
    "SELECT name FROM pg_catalog.pg_available_extensions WHERE name = ANY($1)",
    [[...extensions]],
  );
  const available = new Set(rows.map((r) => r.name));
  const missing = extensions.filter((e) => !available.has(e));
  if (missing.length === 0) return;
  throw new PormgError(
    "CONFIG_INVALID",
    `extensions: ${missing.map((e) => `"${e}"`).join(", ")} ${missing.length === 1 ? "is" : "are"} not available on this ` +
      "PostgreSQL server (see SELECT name FROM pg_available_extensions), so nothing was changed. Install the package " +
      "that provides it on the server, or remove it from extensions: in connection.yml.",
    { missing },
  );
}

/**
 * Creates the connection's `extensions:` inside the caller's transaction, before a plan's steps:
 * `CREATE EXTENSION IF NOT EXISTS "<name>"` each, so an extension already installed (anywhere in
 * the database) is left as it is, and a new one goes into the first schema of the transaction's
 * search_path — the managed schema while a plan runs — unless its control file fixes another. A
 * failure (not available, not allowed to create it) throws `STATEMENT_FAILED` naming the extension.
 */
export async function createExtensions(tx: Driver, extensions: readonly string[]): Promise<void> {
  if (tx.dialect !== "postgresql") return;
  for (const name of extensions) {
    const sql = `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)}`;
    try {
      await tx.execute(sql);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PormgError(
        "STATEMENT_FAILED",
        `${sql} failed: ${reason}. The extensions: of connection.yml are created in the plan's transaction before ` +
          "its steps, so nothing was applied; have a role that may create it install it once, or remove it from extensions:.",
        // Before step 1: dry-run --verify reports it as the failing statement under this label.
        { sql, error: reason, extension: name, stepIndex: -1, label: "extensions: (connection.yml)" },
        { cause: error },
      );
    }
  }
}
