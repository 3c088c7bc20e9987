import type { Token } from "./tokenize.ts";

/**
 * The PostgreSQL table lock modes, weakest first (docs/lint.md, "Lock levels"; PostgreSQL's
 * "Explicit Locking" chapter). A mode conflicts with more modes the later it comes.
 */
export const LOCK_MODES = [
  "ACCESS SHARE",
  "ROW SHARE",
  "ROW EXCLUSIVE",
  "SHARE UPDATE EXCLUSIVE",
  "SHARE",
  "SHARE ROW EXCLUSIVE",
  "EXCLUSIVE",
  "ACCESS EXCLUSIVE",
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

/** The stronger of two modes (undefined counts as no lock). */
export function strongerLock(a: LockMode | undefined, b: LockMode | undefined): LockMode | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return LOCK_MODES.indexOf(a) >= LOCK_MODES.indexOf(b) ? a : b;
}

/** Whether a mode blocks plain writes (INSERT/UPDATE/DELETE take ROW EXCLUSIVE). */
export const blocksWrites = (mode: LockMode) => LOCK_MODES.indexOf(mode) >= LOCK_MODES.indexOf("SHARE");
/** Whether a mode blocks plain reads (SELECT takes ACCESS SHARE). */
export const blocksReads = (mode: LockMode) => mode === "ACCESS EXCLUSIVE";

/** A TableLock is one lock a statement takes on a table (by its unqualified name). */
export interface TableLock {
  readonly table: string;
  readonly mode: LockMode;
}

/**
 * An Action is what a statement does that the linter's rules look at (src/plan/lint-rules.ts);
 * `table` is the unqualified name of the table it works on.
 */
export type Action =
  | { readonly kind: "create-table"; readonly table: string }
  | { readonly kind: "retype"; readonly table: string; readonly column: string; readonly type: string }
  | { readonly kind: "add-column"; readonly table: string; readonly column: string; readonly rewrite?: string }
  | {
      readonly kind: "add-check" | "add-foreign-key";
      readonly table: string;
      readonly name?: string;
      readonly notValid: boolean;
      /** `c IS NOT NULL` checks: the column. */
      readonly notNullOf?: string;
      readonly references?: string;
    }
  | { readonly kind: "add-unique"; readonly table: string; readonly usingIndex: boolean }
  | { readonly kind: "validate"; readonly table: string; readonly name: string }
  | { readonly kind: "set-not-null"; readonly table: string; readonly column: string }
  | { readonly kind: "create-index"; readonly table: string; readonly concurrent: boolean }
  | { readonly kind: "drop-column"; readonly table: string; readonly column: string }
  | { readonly kind: "rename-column"; readonly table: string; readonly column: string; readonly to: string }
  | { readonly kind: "rename-table"; readonly table: string; readonly to: string }
  | { readonly kind: "rewrite"; readonly table: string; readonly what: string };

/** StatementLocks are the table locks a statement takes and what it does. */
export interface StatementLocks {
  /** The strongest mode it takes on any table, or undefined when it locks no table (CREATE VIEW, CREATE FUNCTION …). */
  readonly lock?: LockMode;
  readonly locks: readonly TableLock[];
  readonly actions: readonly Action[];
}

const up = (t: Token | undefined) => (t?.kind === "word" ? t.text.toUpperCase() : "");
const isP = (t: Token | undefined, text: string) => t?.kind === "punctuation" && t.text === text;
const nameOf = (t: Token | undefined) =>
  t === undefined ? "" : t.kind === "word" ? t.text.toLowerCase() : t.kind === "quoted_identifier" ? t.value : "";

/** Reads a possibly qualified name at `k`: its last part and the index after it. */
function qualified(code: readonly Token[], k: number): { name: string; next: number } {
  let name = nameOf(code[k]);
  let next = k + 1;
  while (isP(code[next], ".") && code[next + 1] !== undefined) {
    name = nameOf(code[next + 1]);
    next += 2;
  }
  return { name, next };
}

/** Skips the words in `words` (in any order, each once or more) from `k`. */
function skip(code: readonly Token[], k: number, ...words: string[]): number {
  while (words.includes(up(code[k]))) k++;
  return k;
}

/** Splits `code` at its top-level commas. */
function topLevelParts(code: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of code) {
    if (isP(t, "(")) depth++;
    if (isP(t, ")")) depth--;
    if (depth === 0 && isP(t, ",")) parts.push([]);
    else parts.at(-1)?.push(t);
  }
  return parts.filter((p) => p.length > 0);
}

const result = (locks: TableLock[], actions: Action[] = []): StatementLocks => {
  const lock = locks.reduce<LockMode | undefined>((m, l) => strongerLock(m, l.mode), undefined);
  return { ...(lock !== undefined && { lock }), locks, actions };
};

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

/** The tables named after REFERENCES in `code`. */
function referenced(code: readonly Token[]): string[] {
  const out: string[] = [];
  code.forEach((t, k) => {
    if (up(t) === "REFERENCES") out.push(qualified(code, k + 1).name);
  });
  return out;
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

/** Functions whose value differs per row: a DEFAULT calling one fills every existing row (rewrite). */
const VOLATILE = new Set([
  "random",
  "gen_random_uuid",
  "uuid_generate_v1",
  "uuid_generate_v4",
  "uuidv4",
  "uuidv7",
  "clock_timestamp",
  "timeofday",
  "nextval",
  "txid_current",
]);

function alterTable(code: readonly Token[]): StatementLocks {
  const k = skip(code, 2, "IF", "EXISTS", "ONLY");
  const { name: table, next } = qualified(code, k);
  const start = isP(code[next], "*") ? next + 1 : next;
  const locks: TableLock[] = [];
  const actions: Action[] = [];
  for (const part of topLevelParts(code.slice(start))) {
    const { mode, action, also } = alterAction(table, part);
    locks.push({ table, mode });
    if (also) locks.push(also);
    if (action) actions.push(action);
  }
  return result(locks, actions);
}

interface AlterAction {
  readonly mode: LockMode;
  readonly action?: Action;
  readonly also?: TableLock;
}

function alterAction(table: string, p: readonly Token[]): AlterAction {
  const w = p.map(up);
  const has = (word: string) => w.includes(word);
  if (w[0] === "ADD") return addAction(table, p);
  if (w[0] === "VALIDATE")
    return { mode: "SHARE UPDATE EXCLUSIVE", action: { kind: "validate", table, name: nameOf(p[2]) } };
  if (w[0] === "ALTER" && w[1] !== "CONSTRAINT") {
    const c = w[1] === "COLUMN" ? 2 : 1;
    const column = nameOf(p[c]);
    const rest = w.slice(c + 1);
    const typeAt = rest[0] === "TYPE" ? c + 2 : rest[0] === "SET" && rest[1] === "DATA" ? c + 4 : -1;
    if (typeAt > 0) {
      const end = p.findIndex((t, j) => j > typeAt && (up(t) === "USING" || up(t) === "COLLATE"));
      const type = p
        .slice(typeAt, end < 0 ? undefined : end)
        .map((t) => t.text)
        .join("")
        .toLowerCase();
      return { mode: "ACCESS EXCLUSIVE", action: { kind: "retype", table, column, type } };
    }
    if (rest[0] === "SET" && rest[1] === "NOT" && rest[2] === "NULL")
      return { mode: "ACCESS EXCLUSIVE", action: { kind: "set-not-null", table, column } };
    if (rest[0] === "SET" && (rest[1] === "STATISTICS" || isP(p[c + 2], "(")))
      return { mode: "SHARE UPDATE EXCLUSIVE" };
    if (rest[0] === "RESET") return { mode: "SHARE UPDATE EXCLUSIVE" };
    return { mode: "ACCESS EXCLUSIVE" };
  }
  if (w[0] === "DROP" && w[1] !== "CONSTRAINT") {
    const c = skip(p, w[1] === "COLUMN" ? 2 : 1, "IF", "EXISTS");
    return { mode: "ACCESS EXCLUSIVE", action: { kind: "drop-column", table, column: nameOf(p[c]) } };
  }
  if (w[0] === "RENAME") {
    if (w[1] === "TO") return { mode: "ACCESS EXCLUSIVE", action: { kind: "rename-table", table, to: nameOf(p[2]) } };
    if (w[1] === "CONSTRAINT") return { mode: "ACCESS EXCLUSIVE" };
    const c = w[1] === "COLUMN" ? 2 : 1;
    return {
      mode: "ACCESS EXCLUSIVE",
      action: { kind: "rename-column", table, column: nameOf(p[c]), to: nameOf(p[c + 2]) },
    };
  }
  if ((w[0] === "SET" || w[0] === "RESET") && isP(p[1], "(")) return { mode: "SHARE UPDATE EXCLUSIVE" };
  if (w[0] === "SET" && w[1] === "WITHOUT" && w[2] === "CLUSTER") return { mode: "SHARE UPDATE EXCLUSIVE" };
  if (w[0] === "CLUSTER") return { mode: "SHARE UPDATE EXCLUSIVE" };
  if (w[0] === "SET" && (w[1] === "TABLESPACE" || w[1] === "LOGGED" || w[1] === "UNLOGGED"))
    return { mode: "ACCESS EXCLUSIVE", action: { kind: "rewrite", table, what: `SET ${w[1]}` } };
  if ((w[0] === "ENABLE" || w[0] === "DISABLE") && has("TRIGGER")) return { mode: "SHARE ROW EXCLUSIVE" };
  if (w[0] === "ATTACH") return { mode: "SHARE UPDATE EXCLUSIVE" };
  if (w[0] === "DETACH") return { mode: has("CONCURRENTLY") ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE" };
  return { mode: "ACCESS EXCLUSIVE" };
}

function addAction(table: string, p: readonly Token[]): AlterAction {
  const w = p.map(up);
  let k = 1;
  let name: string | undefined;
  if (w[1] === "CONSTRAINT") {
    name = nameOf(p[2]);
    k = 3;
  }
  const notValid = w.some((x, j) => x === "NOT" && w[j + 1] === "VALID");
  if (w[k] === "CHECK") {
    const inner = p.slice(k + 1).filter((t) => !isP(t, "(") && !isP(t, ")"));
    const notNullOf =
      inner.length === 4 && up(inner[1]) === "IS" && up(inner[2]) === "NOT" && up(inner[3]) === "NULL"
        ? nameOf(inner[0])
        : undefined;
    return {
      mode: "ACCESS EXCLUSIVE",
      action: { kind: "add-check", table, notValid, ...(name && { name }), ...(notNullOf && { notNullOf }) },
    };
  }
  if (w[k] === "FOREIGN") {
    const references = referenced(p)[0] ?? "";
    return {
      mode: "SHARE ROW EXCLUSIVE",
      action: { kind: "add-foreign-key", table, notValid, references, ...(name && { name }) },
      also: { table: references, mode: "SHARE ROW EXCLUSIVE" },
    };
  }
  if (w[k] === "UNIQUE" || w[k] === "PRIMARY" || w[k] === "EXCLUDE")
    return {
      mode: "ACCESS EXCLUSIVE",
      action: { kind: "add-unique", table, usingIndex: w.includes("USING") && w.includes("INDEX") },
    };
  // ADD [COLUMN] [IF NOT EXISTS] c type …
  const c = skip(p, w[1] === "COLUMN" ? 2 : 1, "IF", "NOT", "EXISTS");
  const column = nameOf(p[c]);
  const type = up(p[c + 1]);
  const defaultAt = w.indexOf("DEFAULT");
  const volatile =
    defaultAt < 0
      ? undefined
      : p
          .slice(defaultAt + 1)
          .find((t, j, rest) => t.kind === "word" && isP(rest[j + 1], "(") && VOLATILE.has(t.text.toLowerCase()));
  const rewrite = ["SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL4", "SERIAL8", "SERIAL2"].includes(type)
    ? `a ${type.toLowerCase()} column fills every row from a sequence`
    : volatile !== undefined
      ? `the volatile default ${volatile.text.toLowerCase()}() is evaluated for every existing row`
      : w.includes("GENERATED") && w.includes("STORED")
        ? "a stored generated column is computed for every existing row"
        : w.includes("IDENTITY")
          ? "an identity column fills every row from a sequence"
          : undefined;
  const also = referenced(p)[0];
  return {
    mode: "ACCESS EXCLUSIVE",
    action: { kind: "add-column", table, column, ...(rewrite && { rewrite }) },
    ...(also && { also: { table: also, mode: "SHARE ROW EXCLUSIVE" } }),
  };
}
