import { type SqlStatement, splitStatements } from "./split-statements.ts";
import type { SqlRules } from "./sql-rules.ts";
import { isComment, isKeyword, isName } from "./token-predicates.ts";
import type { Token } from "./tokenize.ts";

/**
 * The shape of a SQLite table rebuild, read from its SQL with the tokenizer: which of its
 * statements drop something only to put it back in the same step. Such drops lose nothing by
 * themselves (whether the rebuild loses columns is the planner's verdict, checked again at apply).
 */

const lower = (name: string) => name.toLowerCase();

function code(statement: SqlStatement): Token[] {
  return statement.tokens.filter((t) => !isComment(t));
}

/** The single unqualified name at `tokens[k]` (lowercased), or undefined when there is none or it is qualified. */
function nameAt(tokens: readonly Token[], k: number): string | undefined {
  const t = tokens[k];
  if (!isName(t) || tokens[k + 1]?.text === ".") return undefined;
  return lower((t as Token).value);
}

/** The index just past `IF [NOT] EXISTS` at `k`, or `k`. */
function skipIfExists(tokens: readonly Token[], k: number): number {
  if (!isKeyword(tokens[k], "IF")) return k;
  const at = isKeyword(tokens[k + 1], "NOT") ? k + 2 : k + 1;
  return isKeyword(tokens[at], "EXISTS") ? at + 1 : k;
}

type Shape =
  | { readonly kind: "create" | "drop"; readonly object: "table" | "view" | "trigger"; readonly name: string }
  | { readonly kind: "insert"; readonly into: string; readonly from: string | undefined }
  | { readonly kind: "rename"; readonly from: string; readonly to: string }
  | { readonly kind: "other" };

const objects = { TABLE: "table", VIEW: "view", TRIGGER: "trigger" } as const;

function shapeOf(statement: SqlStatement): Shape {
  const t = code(statement);
  const verb = t[0]?.kind === "word" ? t[0].text.toUpperCase() : "";
  if (verb === "CREATE" || verb === "DROP") {
    let k = 1;
    if (verb === "CREATE" && (isKeyword(t[k], "TEMP") || isKeyword(t[k], "TEMPORARY"))) return { kind: "other" };
    const word = t[k]?.kind === "word" ? (t[k] as Token).text.toUpperCase() : "";
    const object = objects[word as keyof typeof objects];
    if (object === undefined) return { kind: "other" };
    k = skipIfExists(t, k + 1);
    const name = nameAt(t, k);
    return name === undefined ? { kind: "other" } : { kind: verb === "CREATE" ? "create" : "drop", object, name };
  }
  if (verb === "INSERT" && isKeyword(t[1], "INTO")) {
    const into = nameAt(t, 2);
    const from = t.findIndex((token, k) => k > 2 && isKeyword(token, "FROM"));
    if (into === undefined) return { kind: "other" };
    return { kind: "insert", into, from: from < 0 ? undefined : nameAt(t, from + 1) };
  }
  if (verb === "ALTER" && isKeyword(t[1], "TABLE")) {
    const from = nameAt(t, 2);
    const to = isKeyword(t[3], "RENAME") && isKeyword(t[4], "TO") && t.length === 6 ? nameAt(t, 5) : undefined;
    if (from !== undefined && to !== undefined) return { kind: "rename", from, to };
  }
  return { kind: "other" };
}

/** How a drop in a rebuild step is undone: `swap` (the table itself), `recreate` (a view or trigger). */
export type RestoringDrop = "swap" | "recreate";

/**
 * The statements (by index into `splitStatements(sql, rules)`) of a rebuild step of table
 * `table` that drop only to restore: the `DROP TABLE "<table>"` of the swap — a table created
 * earlier in the step and filled from `<table>` by `INSERT … SELECT … FROM "<table>"` is renamed to
 * `<table>` after it — and each `DROP VIEW` / `DROP TRIGGER` whose object the step creates again
 * later. Names compare case-insensitively, as SQLite compares them; qualified names never match.
 * Pure.
 */
export function rebuildRestoringDrops(sql: string, table: string, rules: SqlRules): Map<number, RestoringDrop> {
  const shapes = splitStatements(sql, rules).map(shapeOf);
  const target = lower(table);
  const out = new Map<number, RestoringDrop>();
  shapes.forEach((shape, k) => {
    if (shape.kind !== "drop") return;
    const later = shapes.slice(k + 1);
    if (shape.object !== "table") {
      const again = later.some((s) => s.kind === "create" && s.object === shape.object && s.name === shape.name);
      if (again) out.set(k, "recreate");
      return;
    }
    if (shape.name !== target) return;
    const earlier = shapes.slice(0, k);
    const swapped = later.some(
      (s) =>
        s.kind === "rename" &&
        s.to === target &&
        earlier.some((c) => c.kind === "create" && c.object === "table" && c.name === s.from) &&
        earlier.some((c) => c.kind === "insert" && c.into === s.from && c.from === target),
    );
    if (swapped) out.set(k, "swap");
  });
  return out;
}
