import { type Action, blocksReads, type LockMode, type StatementLocks, type TableLock } from "../sql/lock-modes.ts";
import { retypeWithoutRewrite } from "./lint-coercible.ts";

/** How bad a finding is: `error` blocks reads and writes for a time that grows with the table; `warning` blocks writes (or reads) for a scan or build; `info` is worth knowing. */
export type Severity = "info" | "warning" | "error";
export const SEVERITIES: readonly Severity[] = ["info", "warning", "error"];
export const atLeast = (s: Severity, floor: Severity) => SEVERITIES.indexOf(s) >= SEVERITIES.indexOf(floor);

/** The finding ids (docs/lint.md lists each with what to do). */
export type LintId =
  | "table-rewrite"
  | "scan-under-lock"
  | "index-not-concurrent"
  | "drop-column-in-view"
  | "rename-column-read"
  | "rename-table-read";

/** A LintFinding is one thing a statement does to a live table that people should know before running it. */
export interface LintFinding {
  readonly id: LintId;
  readonly severity: Severity;
  readonly table: string;
  readonly column?: string;
  /** One line: what happens and why. */
  readonly reason: string;
}

/** What the database knows of a table (`pg_class.reltuples`, `format_type`, validated `c IS NOT NULL` checks). */
export interface TableFacts {
  /** The planner's row estimate, or null when the table was never analyzed or vacuumed. */
  readonly rows: number | null;
  readonly columns: Readonly<Record<string, string>>;
  /** Columns a validated `CHECK (c IS NOT NULL)` proves. */
  readonly notNullChecks: readonly string[];
}

/** A view (or materialized view) reading columns of a table of the managed schema. */
export interface ViewRead {
  readonly view: string;
  readonly table: string;
  readonly columns: readonly string[];
}

/** LintFacts are what the rules need of the live database, read by the dialect's lint port. */
export interface LintFacts {
  readonly tables: Readonly<Record<string, TableFacts>>;
  readonly readers: readonly ViewRead[];
}

export interface LintOptions {
  /** Row estimate from which a table counts as large (default {@link DEFAULT_ROW_THRESHOLD}). */
  readonly rowThreshold?: number;
}

export const DEFAULT_ROW_THRESHOLD = 10_000;

/** A LintedStatement is a statement's locks and findings. */
export interface LintedStatement {
  readonly lock?: LockMode;
  readonly locks: readonly TableLock[];
  readonly findings: readonly LintFinding[];
}

type Size = "new" | "small" | "large" | "unknown";

/**
 * Lints a plan's statements in execution order (each as `statementLocks` read it) against the live
 * facts (undefined: no database to ask, every existing table's size unknown). Pure. Tables the
 * plan creates count as empty; a `SET NOT NULL` after a validated `CHECK (c IS NOT NULL)` (earlier in
 * the plan, or in the database) skips the scan (PostgreSQL ≥ 12).
 */
export function lintStatements(
  statements: readonly StatementLocks[],
  facts: LintFacts | undefined,
  options: LintOptions = {},
): LintedStatement[] {
  const threshold = options.rowThreshold ?? DEFAULT_ROW_THRESHOLD;
  const created = new Set<string>();
  const checks = new Map<string, { table: string; column: string }>();
  const proven = new Set<string>();
  for (const [table, t] of Object.entries(facts?.tables ?? {}))
    for (const column of t.notNullChecks) proven.add(`${table}.${column}`);
  const size = (table: string): Size => {
    if (created.has(table)) return "new";
    const rows = facts?.tables[table]?.rows;
    if (rows === undefined || rows === null) return "unknown";
    return rows <= 0 ? "new" : rows >= threshold ? "large" : "small";
  };
  const rowsText = (table: string) => {
    const rows = facts?.tables[table]?.rows;
    return rows === undefined || rows === null ? "size unknown" : `~${Math.round(rows)} rows`;
  };
  return statements.map((s) => {
    const findings: LintFinding[] = [];
    for (const a of s.actions) {
      const f = rule(a, s, { size, rowsText, facts, checks, proven, created });
      if (f) findings.push(f);
    }
    return { ...(s.lock !== undefined && { lock: s.lock }), locks: s.locks, findings };
  });
}

interface State {
  readonly size: (table: string) => Size;
  readonly rowsText: (table: string) => string;
  readonly facts: LintFacts | undefined;
  readonly checks: Map<string, { table: string; column: string }>;
  readonly proven: Set<string>;
  readonly created: Set<string>;
}

function rewrite(table: string, column: string | undefined, what: string, st: State): LintFinding | undefined {
  const size = st.size(table);
  if (size === "new") return;
  return {
    id: "table-rewrite",
    severity: size === "large" ? "error" : "warning",
    table,
    ...(column !== undefined && { column }),
    reason: `${what}: PostgreSQL rewrites "${table}" and its indexes under ACCESS EXCLUSIVE, blocking reads and writes (${st.rowsText(table)})`,
  };
}

function scan(table: string, column: string | undefined, what: string, st: State): LintFinding | undefined {
  const size = st.size(table);
  if (size === "new") return;
  return {
    id: "scan-under-lock",
    severity: size === "large" ? "warning" : "info",
    table,
    ...(column !== undefined && { column }),
    reason: `${what} (${st.rowsText(table)})`,
  };
}

function rule(a: Action, s: StatementLocks, st: State): LintFinding | undefined {
  switch (a.kind) {
    case "create-table":
      st.created.add(a.table);
      return;
    case "retype": {
      const from = st.facts?.tables[a.table]?.columns[a.column];
      if (from !== undefined && retypeWithoutRewrite(from, a.type)) return;
      const what =
        from === undefined
          ? `retyping ${a.column} to ${a.type} may not be binary-coercible (its current type is unknown)`
          : `${from} → ${a.type} is not binary-coercible`;
      return rewrite(a.table, a.column, what, st);
    }
    case "add-column":
      return a.rewrite ? rewrite(a.table, a.column, `adding ${a.column}: ${a.rewrite}`, st) : undefined;
    case "rewrite":
      return rewrite(a.table, undefined, a.what, st);
    case "add-check":
      if (a.notValid) {
        if (a.name && a.notNullOf) st.checks.set(a.name, { table: a.table, column: a.notNullOf });
        return;
      }
      if (a.notNullOf) st.proven.add(`${a.table}.${a.notNullOf}`);
      return scan(
        a.table,
        undefined,
        `ADD CHECK reads every row of "${a.table}" under ACCESS EXCLUSIVE (blocks reads and writes); add it NOT VALID, then VALIDATE CONSTRAINT`,
        st,
      );
    case "add-foreign-key":
      if (a.notValid) return;
      return scan(
        a.table,
        undefined,
        `ADD FOREIGN KEY reads every row of "${a.table}" under SHARE ROW EXCLUSIVE on it and "${a.references}" (blocks writes to both); add it NOT VALID, then VALIDATE CONSTRAINT`,
        st,
      );
    case "validate": {
      const check = st.checks.get(a.name);
      if (check) st.proven.add(`${check.table}.${check.column}`);
      return;
    }
    case "set-not-null":
      if (st.proven.has(`${a.table}.${a.column}`)) return;
      return scan(
        a.table,
        a.column,
        `SET NOT NULL reads every row of "${a.table}" under ACCESS EXCLUSIVE (blocks reads and writes); first add and validate CHECK (${a.column} IS NOT NULL) NOT VALID`,
        st,
      );
    case "add-unique":
    case "create-index": {
      if ((a.kind === "create-index" && a.concurrent) || (a.kind === "add-unique" && a.usingIndex)) return;
      const size = st.size(a.table);
      if (size === "new" || size === "small") return;
      const mode = s.locks.find((l) => l.table === a.table)?.mode ?? "SHARE";
      const blocks = blocksReads(mode) ? "reads and writes" : "writes";
      return {
        id: "index-not-concurrent",
        severity: size === "large" ? "warning" : "info",
        table: a.table,
        reason:
          `building the index locks "${a.table}" ${mode}, blocking ${blocks} for the whole build (${st.rowsText(a.table)}); ` +
          (a.kind === "create-index"
            ? "use CREATE INDEX CONCURRENTLY"
            : "build it with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … USING INDEX"),
      };
    }
    case "drop-column": {
      const views = (st.facts?.readers ?? []).filter((r) => r.table === a.table && r.columns.includes(a.column));
      if (views.length === 0) return;
      return {
        id: "drop-column-in-view",
        severity: "error",
        table: a.table,
        column: a.column,
        reason: `${views.map((v) => `view "${v.view}"`).join(", ")} still read${views.length === 1 ? "s" : ""} "${a.table}"."${a.column}": the DROP fails (or CASCADE drops the view); drop or rewrite the view first`,
      };
    }
    case "rename-column":
      if (st.created.has(a.table)) return;
      return {
        id: "rename-column-read",
        severity: "info",
        table: a.table,
        column: a.column,
        reason: `a release still reading "${a.table}"."${a.column}" fails once it is "${a.to}"; expand/contract: add "${a.to}", write both, backfill, switch reads, drop "${a.column}" later`,
      };
    case "rename-table":
      if (st.created.has(a.table)) return;
      return {
        id: "rename-table-read",
        severity: "info",
        table: a.table,
        reason: `a release still reading "${a.table}" fails once it is "${a.to}"; deploy code reading "${a.to}" first (or leave a view named "${a.table}")`,
      };
  }
}
