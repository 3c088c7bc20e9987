/**
 * A failed `CREATE [UNIQUE] INDEX CONCURRENTLY` (a duplicate key, a cancel, a lost connection)
 * leaves its index behind, INVALID: PostgreSQL keeps updating it but never uses it, and the same
 * statement run again fails on the name. So before such a statement runs (a resume, a retry) an
 * INVALID index of that name is dropped (`DROP INDEX CONCURRENTLY IF EXISTS`), and after it fails
 * the one it left is dropped at once. A VALID index of that name is never touched (the statement
 * then fails, as it should). Names resolve through the session's `search_path`, which is the
 * plan's schema while a plan runs.
 */
import type { Driver } from "../../core/driver.ts";
import type { SqlStatement } from "../../sql/split-statements.ts";
import { isComment, isKeyword } from "../../sql/token-predicates.ts";
import type { Token } from "../../sql/tokenize.ts";

/** The index `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name …` builds, as written (quoted or not); else undefined. */
export function concurrentIndexName(statement: SqlStatement): string | undefined {
  const code = statement.tokens.filter((t) => !isComment(t));
  let i = 0;
  if (!isKeyword(code[i++], "CREATE")) return undefined;
  if (isKeyword(code[i], "UNIQUE")) i++;
  if (!isKeyword(code[i++], "INDEX") || !isKeyword(code[i++], "CONCURRENTLY")) return undefined;
  if (isKeyword(code[i], "IF") && isKeyword(code[i + 1], "NOT") && isKeyword(code[i + 2], "EXISTS")) i += 3;
  const name = code[i] as Token | undefined;
  if (name === undefined || isKeyword(name, "ON")) return undefined;
  // A schema-qualified name (`s.idx`) is kept whole.
  if (code[i + 1]?.text === "." && code[i + 2]) return `${name.text}.${(code[i + 2] as Token).text}`;
  return name.kind === "word" || name.kind === "quoted_identifier" ? name.text : undefined;
}

/** Drops the index `name` (SQL as written) if it exists and is INVALID; whether it did. */
export async function dropInvalidIndex(db: Driver, name: string): Promise<boolean> {
  const rows = await db.query<{ invalid: boolean }>(
    `SELECT NOT i.indisvalid AS invalid FROM pg_catalog.pg_index i
      WHERE i.indexrelid = pg_catalog.to_regclass($1)`,
    [name],
  );
  if (rows[0]?.invalid !== true) return false;
  await db.execute(`DROP INDEX CONCURRENTLY IF EXISTS ${name};`);
  return true;
}

/** Runs a statement; a concurrent index build first clears, and after a failure drops, an INVALID index of its name. */
export async function runWithInvalidIndexCleanup(db: Driver, statement: SqlStatement): Promise<void> {
  const name = concurrentIndexName(statement);
  if (name === undefined) return db.execute(statement.sql);
  await dropInvalidIndex(db, name);
  try {
    await db.execute(statement.sql);
  } catch (error) {
    // The build's own error is the one to report; a failed clean-up leaves what `status` names.
    await dropInvalidIndex(db, name).catch(() => false);
    throw error;
  }
}
