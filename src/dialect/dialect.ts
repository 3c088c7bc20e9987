import type { ErrorsPart } from "../apply/environment-errors.ts";
import type { ExecutionPart } from "../apply/execution.ts";
import type { FingerprintPart } from "../apply/fingerprint-part.ts";
import type { LockPart } from "../apply/lock.ts";
import type { SessionPart } from "../apply/session.ts";
import type { TargetPart } from "../config/target-part.ts";
import type { DialectCapabilities } from "../core/capabilities.ts";
import type { DialectName } from "../core/dialect-name.ts";
import type { DriverPart } from "../driver/driver-part.ts";
import type { ServerPart } from "../driver/server-part.ts";
import type { HistorySql } from "../history/history-sql.ts";
import type { Introspector } from "../introspect/introspector.ts";
import type { ModelRules } from "../model/model-rules.ts";
import type { LintPart } from "../plan/lint-port.ts";
import type { LossyRules } from "../plan/plan-dialect.ts";
import type { Renderer } from "../plan/renderer.ts";
import type { QueryHooks } from "../query/query-hooks.ts";
import type { Schema } from "../schema/ir.ts";
import type { NormalizeRules } from "../schema/normalize-rules.ts";
import type { SqlRules } from "../sql/sql-rules.ts";
import { mysqlDialect } from "./mysql/mysql-dialect.ts";
import { postgresDialect } from "./postgres/postgres-dialect.ts";
import { sqliteDialect } from "./sqlite/sqlite-dialect.ts";

/**
 * A Dialect is everything pormg knows about one SQL flavour, as one object: its capabilities and
 * its parts. Generic code never compares dialect names; it asks a capability or calls a part.
 * Each part's type is declared by the layer that uses it (dependency inversion): a dialect folder
 * implements them, and this file only assembles the registry. See docs/architecture.md.
 */
export interface Dialect {
  /** The name in plan headers, Schemas and Drivers: `postgresql`, `sqlite`. */
  readonly name: DialectName;
  /** The name people read in messages: `PostgreSQL`, `SQLite`. */
  readonly label: string;
  /** What the dialect can do, as data. */
  readonly capabilities: DialectCapabilities;
  /** Quotes an identifier the way the dialect's own tools do. */
  quoteIdent(name: string): string;
  /** Quotes a string literal. */
  quoteLiteral(value: string): string;
  /** The table-name prefixes introspection never reads, whatever `ignore_tables` says (the built-in ignore list). */
  readonly ignoredTablePrefixes: readonly string[];
  /** How the query compiler writes placeholders, parameters, patterns and LIMIT/OFFSET, and how EXPLAIN is asked. */
  readonly query: QueryHooks;
  /** How the live database is read, and how it prints the models' expressions (when it rewrites them). */
  readonly introspector: Introspector;
  /** The planner's port: lowering, ordering, refusals and rendering of operations as steps. */
  readonly renderer: Renderer;
  /** The dialect's lossy rules: what a type change or a table rebuild can fail on or change. */
  readonly lossy: LossyRules;
  /** The SQL of pormg's history: its tables and triggers, the event and projection statements, the catalog checks. */
  readonly history: HistorySql;
  /** Reads `connection.yml` environments and URLs into the dialect's targets, and describes them. */
  readonly target: TargetPart;
  /** Opens a connection to one of the dialect's targets (only `openDriver` calls it). */
  readonly driver: DriverPart;
  /** Gets a deploy target ready: whether `--wait` has a server to wait for, `--create-database`. */
  readonly server: ServerPart;
  /** The DDL a fresh database needs for `schema`, one statement each, in dependency order (`pormg schema`). */
  renderSchema(schema: Schema): string[];
  /** How the SQL layer tokenizes, splits and classifies the dialect's scripts. */
  readonly sql: SqlRules;
  /** How `normalizeSchema` spells the dialect's collations and numeric defaults. */
  readonly normalize: NormalizeRules;
  /** What the Models DSL declares on the dialect, and its half of the type map. */
  readonly models: ModelRules;
  /** How pormg's working and read-only connections are opened and scoped to the managed schema. */
  readonly session: SessionPart;
  /** The migration lock: taking it, preparing the working connection, who holds it. */
  readonly lock: LockPart;
  /** How a plan runs: transaction settings, the guard around a run, step checks, verify's sandbox, backups. */
  readonly execution: ExecutionPart;
  /** What a table's fingerprint (the stale check) covers beyond the table's own objects. */
  readonly fingerprint: FingerprintPart;
  /** How the client's errors are classified (a full disk, a read-only database, a lost connection …). */
  readonly errors: ErrorsPart;
  /** The live facts the plan linter needs (`LintPart`); absent where statements take no table locks worth linting (SQLite). */
  readonly lint?: LintPart;
}

const registered: Dialect[] = [postgresDialect, sqliteDialect, mysqlDialect];

/** The registered dialects, in registration order (PostgreSQL, SQLite, then any a test registers). */
export function dialects(): readonly Dialect[] {
  return registered;
}

/**
 * Registers another dialect (a test's skeleton, a plugin): its name must be new. Returns a
 * function that removes it again.
 */
export function registerDialect(dialect: Dialect): () => void {
  if (registered.some((d) => d.name === dialect.name)) throw new Error(`dialect ${dialect.name} is already registered`);
  registered.push(dialect);
  return () => {
    const at = registered.indexOf(dialect);
    if (at >= 0) registered.splice(at, 1);
  };
}

/** The registered dialect called `name`; throws when there is none (a bug: names come from the registry). */
export function dialectNamed(name: DialectName): Dialect {
  const found = registered.find((d) => d.name === name);
  if (found === undefined) throw new Error(`no dialect named ${name} is registered`);
  return found;
}
