import type { Action, LockMode, StatementLocks, TableLock } from "./lock-modes.ts";
import { isP, nameOf, qualified, referenced, result, skip, topLevelParts, up } from "./lock-tokens.ts";
import type { Token } from "./tokenize.ts";

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

/** The locks of `ALTER TABLE`: per subcommand, by PostgreSQL's documented level; the statement takes the strongest. */
export function alterTable(code: readonly Token[]): StatementLocks {
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
    const inner = parenthesized(p, k + 1).filter((t) => !isP(t, "(") && !isP(t, ")"));
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

/** The tokens inside the parentheses that open at `k`. */
function parenthesized(p: readonly Token[], k: number): readonly Token[] {
  let depth = 0;
  for (let j = k; j < p.length; j++) {
    if (isP(p[j], "(")) depth++;
    if (isP(p[j], ")") && --depth === 0) return p.slice(k + 1, j);
  }
  return p.slice(k + 1);
}
