/**
 * pormg: state-based schema migrations for PostgreSQL and SQLite. This module is the public
 * library API (`src/api/public-api.ts`); the `pormg` command-line tool is a thin layer over it.
 * Loading it offers pormg itself to the user's models files (`import … from "pormg"`).
 */
import { offerPormgModule } from "./src/api/pormg-module.ts";

export * from "./src/api/public-api.ts";

offerPormgModule();
