import type { SessionPart } from "../../apply/session.ts";
import { quoteIdent } from "./postgres-ddl.ts";
import { inSchema } from "./postgres-in-schema.ts";

/**
 * How PostgreSQL opens pormg's connections: a working connection's `search_path` is pinned to the
 * configured schema alone (whatever the role or database sets; with `alsoPublic`, then `public`),
 * so unqualified names mean that schema and `pg_catalog` is searched before it (user objects
 * named like built-ins cannot stand in for them), and the driver is marked as working in that
 * schema (`Driver.schema`: pormg's history tables are named in it). Reading commands use an
 * ordinary working connection.
 */
export const postgresSession: SessionPart = {
  async scope(driver, schema, options) {
    const path = options.alsoPublic && schema !== "public" ? `${quoteIdent(schema)}, public` : quoteIdent(schema);
    await driver.query("SELECT pg_catalog.set_config('search_path', $1, false)", [path]);
    return inSchema(driver, schema);
  },
  openReadonly: async () => undefined,
  file: () => null,
};
