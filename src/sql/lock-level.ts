import { alterTable } from "./alter-table-locks.ts";
import { LOCK_MODES, type LockMode, type StatementLocks, type TableLock } from "./lock-modes.ts";
import { nameOf, qualified, referenced, result, skip, topLevelParts, up } from "./lock-tokens.ts";
import type { Token } from "./tokenize.ts";

/**
 * The table locks a PostgreSQL statement (comment-free tokens) takes, by PostgreSQL's documented
 * lock level per command, and what it does for the linter. Pure; unknown statements lock nothing
 * known (`locks` empty).
 */
export function statementLocks(code: readonly Token[]): StatementLocks {
  const verb = up(code[0]);
  const second = up(code[1]);
  if (verb === "ALTER" && second === "TABLE") return alterTable(code);
  if (verb === "CREATE" && (second === "INDEX" || (second === "UNIQUE" && up(code[2]) === "INDEX")))
    return createIndex(code);
  if (verb === "CREATE") {
    const k = skip(code, 1, "GLOBAL", "LOCAL", "TEMPORARY", "TEMP", "UNLOGGED");
    if (up(code[k]) === "TABLE") {
      const { name } = qualified(code, skip(code, k + 1, "IF", "NOT", "EXISTS"));
      const refs = referenced(code).map((table): TableLock => ({ table, mode: "SHARE ROW EXCLUSIVE" }));
      return result([{ table: name, mode: "ACCESS EXCLUSIVE" }, ...refs], [{ kind: "create-table", table: name }]);
    }
    if (second === "TRIGGER" || (second === "OR" && code.some((t) => up(t) === "TRIGGER"))) {
      const on = code.findIndex((t) => up(t) === "ON");
      return on < 0 ? result([]) : result([{ table: qualified(code, on + 1).name, mode: "SHARE ROW EXCLUSIVE" }]);
    }
    if (second === "STATISTICS") {
      const from = code.findIndex((t) => up(t) === "FROM");
      return result([{ table: qualified(code, from + 1).name, mode: "SHARE UPDATE EXCLUSIVE" }]);
    }
    return result([]);
  }
  if (verb === "DROP" && second === "TABLE") {
    const k = skip(code, 2, "IF", "EXISTS");
    return result(topLevelParts(code.slice(k)).map((p) => ({ table: qualified(p, 0).name, mode: "ACCESS EXCLUSIVE" })));
  }
  if (verb === "DROP" && second === "INDEX") {
    const concurrent = up(code[2]) === "CONCURRENTLY";
    const { name } = qualified(code, skip(code, 2, "CONCURRENTLY", "IF", "EXISTS"));
    return result([{ table: name, mode: concurrent ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE" }]);
  }
  if (verb === "DROP" && second === "TRIGGER") {
    const on = code.findIndex((t) => up(t) === "ON");
    return on < 0 ? result([]) : result([{ table: qualified(code, on + 1).name, mode: "ACCESS EXCLUSIVE" }]);
  }
  if (verb === "TRUNCATE") {
    const k = skip(code, 1, "TABLE", "ONLY");
    const parts = topLevelParts(code.slice(k)).map((p) => qualified(p, 0).name);
    return result(parts.map((table) => ({ table, mode: "ACCESS EXCLUSIVE" })));
  }
  if (verb === "INSERT" || verb === "MERGE") return dml(code, skip(code, 1, "INTO"));
  if (verb === "UPDATE") return dml(code, skip(code, 1, "ONLY"));
  if (verb === "DELETE") return dml(code, skip(code, 1, "FROM", "ONLY"));
  if (verb === "LOCK") return lockTable(code);
  if (verb === "VACUUM") {
    const full = code.some((t) => up(t) === "FULL");
    const last = qualified(code, skip(code, 1, "FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE")).name;
    const locks: TableLock[] = last
      ? [{ table: last, mode: full ? "ACCESS EXCLUSIVE" : "SHARE UPDATE EXCLUSIVE" }]
      : [];
    return result(locks, full && last ? [{ kind: "rewrite", table: last, what: "VACUUM FULL" }] : []);
  }
  if (verb === "ANALYZE" || verb === "ANALYSE") {
    const { name } = qualified(code, skip(code, 1, "VERBOSE"));
    return result(name ? [{ table: name, mode: "SHARE UPDATE EXCLUSIVE" }] : []);
  }
  if (verb === "CLUSTER") {
    const { name } = qualified(code, skip(code, 1, "VERBOSE"));
    return result(
      name ? [{ table: name, mode: "ACCESS EXCLUSIVE" }] : [],
      name ? [{ kind: "rewrite", table: name, what: "CLUSTER" }] : [],
    );
  }
  if (verb === "REINDEX") {
    const concurrent = code.some((t) => up(t) === "CONCURRENTLY");
    const { name } = qualified(code, skip(code, 2, "CONCURRENTLY"));
    return result([{ table: name, mode: concurrent ? "SHARE UPDATE EXCLUSIVE" : "SHARE" }]);
  }
  if (verb === "REFRESH") {
    const concurrent = up(code[3]) === "CONCURRENTLY";
    const { name } = qualified(code, skip(code, 3, "CONCURRENTLY"));
    return result([{ table: name, mode: concurrent ? "EXCLUSIVE" : "ACCESS EXCLUSIVE" }]);
  }
  if (verb === "COMMENT" && (up(code[2]) === "TABLE" || up(code[2]) === "COLUMN")) {
    const { name, next } = qualified(code, 3);
    // COMMENT ON COLUMN t.c: the table is the part before the last.
    const table = up(code[2]) === "COLUMN" ? nameOf(code[next - 3]) || name : name;
    return result([{ table, mode: "SHARE UPDATE EXCLUSIVE" }]);
  }
  if (verb === "ALTER" && second === "INDEX") {
    const { name } = qualified(code, skip(code, 2, "IF", "EXISTS"));
    return result([{ table: name, mode: "SHARE UPDATE EXCLUSIVE" }]);
  }
  if (verb === "SELECT" || verb === "WITH") return result([]);
  return result([]);
}

function dml(code: readonly Token[], k: number): StatementLocks {
  const { name } = qualified(code, k);
  return result(name ? [{ table: name, mode: "ROW EXCLUSIVE" }] : []);
}

function lockTable(code: readonly Token[]): StatementLocks {
  const k = skip(code, 1, "TABLE", "ONLY");
  const inAt = code.findIndex((t) => up(t) === "IN");
  const tables = topLevelParts(code.slice(k, inAt < 0 ? undefined : inAt)).map((p) => qualified(p, 0).name);
  const words = inAt < 0 ? [] : code.slice(inAt + 1).map(up);
  const modeText = words.slice(0, words.indexOf("MODE")).join(" ");
  const mode = (LOCK_MODES as readonly string[]).includes(modeText) ? (modeText as LockMode) : "ACCESS EXCLUSIVE";
  return result(tables.map((table) => ({ table, mode })));
}

function createIndex(code: readonly Token[]): StatementLocks {
  const concurrent = code.some((t, k) => k < 4 && up(t) === "CONCURRENTLY");
  const on = code.findIndex((t) => up(t) === "ON");
  const { name } = qualified(code, skip(code, on + 1, "ONLY"));
  return result(
    [{ table: name, mode: concurrent ? "SHARE UPDATE EXCLUSIVE" : "SHARE" }],
    [{ kind: "create-index", table: name, concurrent }],
  );
}
