/**
 * pormg: state-based schema migrations for PostgreSQL and SQLite. This module is the public
 * library API; the `pormg` command-line tool is a thin layer over it.
 */
import { offerPormgModule } from "./src/api/pormg-module.ts";

export * from "./src/api/public-api.ts";

offerPormgModule();
