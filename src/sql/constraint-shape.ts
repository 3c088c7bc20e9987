import type { Dialect } from "../driver/driver.ts";
import { type SqlStatement, splitStatements } from "./split-statements.ts";
import { isComment, isKeyword, isName, type Token } from "./tokenize.ts";

/**
 * Statements that drop or add one named table constraint (`ALTER TABLE t DROP CONSTRAINT c`,
 * `ALTER TABLE t ADD CONSTRAINT c …`), read with the tokenizer, so a plan can tell a constraint it
 * drops from one it drops and adds back (a re-creation, src/plan-file/step-statements.ts).
 */

/** A ConstraintChange is one statement dropping or adding a named constraint of a table. */
export interface ConstraintChange {
  readonly action: "drop" | "add";
  /** The table, as the database folds it (unquoted names lowercased on PostgreSQL, every name on SQLite). */
  readonly table: string;
  /** The constraint's name, folded the same way. */
  readonly name: string;
}

/** The name at `tokens[k]` folded as `dialect` folds it, or undefined when there is none or it is qualified. */
function nameAt(tokens: readonly Token[], k: number, dialect: Dialect): string | undefined {
  const t = tokens[k];
  if (t === undefined || !isName(t) || tokens[k + 1]?.text === ".") return undefined;
  return dialect === "sqlite" || t.kind === "word" ? t.value.toLowerCase() : t.value;
}

/** The index just past `IF EXISTS` at `k`, or `k`. */
function skipIfExists(tokens: readonly Token[], k: number): number {
  return isKeyword(tokens[k], "IF") && isKeyword(tokens[k + 1], "EXISTS") ? k + 2 : k;
}

/**
 * What `statement` does to a named constraint: `ALTER TABLE [IF EXISTS] [ONLY] t DROP CONSTRAINT
 * [IF EXISTS] c [RESTRICT]` (nothing else in it; `CASCADE` would drop more) or `ALTER TABLE
 * [IF EXISTS] [ONLY] t ADD CONSTRAINT c …`; undefined for any other statement. Pure.
 */
export function constraintChange(statement: SqlStatement, dialect: Dialect): ConstraintChange | undefined {
  const t = statement.tokens.filter((token) => !isComment(token));
  if (!isKeyword(t[0], "ALTER") || !isKeyword(t[1], "TABLE")) return undefined;
  let k = skipIfExists(t, 2);
  if (isKeyword(t[k], "ONLY")) k += 1;
  const table = nameAt(t, k, dialect);
  if (table === undefined) return undefined;
  k += 1;
  if (isKeyword(t[k], "DROP") && isKeyword(t[k + 1], "CONSTRAINT")) {
    const at = skipIfExists(t, k + 2);
    const name = nameAt(t, at, dialect);
    const rest = t.slice(at + 1);
    const plain = rest.length === 0 || (rest.length === 1 && isKeyword(rest[0], "RESTRICT"));
    return name !== undefined && plain ? { action: "drop", table, name } : undefined;
  }
  if (isKeyword(t[k], "ADD") && isKeyword(t[k + 1], "CONSTRAINT")) {
    const name = nameAt(t, k + 2, dialect);
    return name !== undefined && t.length > k + 3 ? { action: "add", table, name } : undefined;
  }
  return undefined;
}

/** The constraint changes of each statement of `sql` (undefined for other statements), in order. Pure. */
export function constraintChanges(sql: string, dialect: Dialect): (ConstraintChange | undefined)[] {
  return splitStatements(sql, dialect).map((s) => constraintChange(s, dialect));
}
