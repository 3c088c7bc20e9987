import type { Target } from "../config/config.ts";
import { dialectNamed } from "./dialect.ts";

/**
 * The product a target is, for people: the one its configuration names (`adapter: MariaDB`:
 * MariaDB, though the MySQL dialect serves it), or with `serverVersion` the one the server says it
 * is. The dialect's label (`PostgreSQL`, `SQLite`, `MySQL`) when its target part does not say.
 */
export function productLabel(config: { readonly target: Target }, serverVersion?: string): string {
  const dialect = dialectNamed(config.target.dialect);
  return dialect.target.label?.(config.target, serverVersion) ?? dialect.label;
}
