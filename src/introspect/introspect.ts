import type { Driver } from "../core/driver.ts";
import type { LiveSchema } from "../schema/ir.ts";
import { normalizeSchema } from "../schema/normalize.ts";
import type { IntrospectDialect } from "./introspector.ts";

/** IntrospectOptions say what part of the database pormg manages. */
export interface IntrospectOptions {
  /** The schema (ignored by dialects without schemas). Default is `public`. */
  readonly schema?: string;
  /** Table-name prefixes to skip, beside the built-in ignore lists. */
  readonly ignoreTables?: readonly string[];
  /** Only what these tables' fingerprints need (see `IntrospectorOptions.tables`). */
  readonly tables?: readonly string[];
}

/**
 * Reads the live schema of the database behind `driver` with `dialect`'s introspector (the
 * driver's dialect) — managed tables (normalized, like the models' schema), unmanaged objects and
 * ignored tables.
 */
export async function introspect(
  driver: Driver,
  dialect: IntrospectDialect,
  options: IntrospectOptions = {},
): Promise<LiveSchema> {
  const live = await dialect.introspector.introspect(driver, {
    schema: options.schema ?? "public",
    ignoreTables: options.ignoreTables ?? [],
    ...(options.tables && { tables: options.tables }),
  });
  return { ...live, schema: normalizeSchema(live.schema, dialect) };
}
