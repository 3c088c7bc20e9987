import { blockBodyReason } from "../../sql/destructive.ts";
import type { SqlRules } from "../../sql/sql-rules.ts";
import { isKeyword } from "../../sql/token-predicates.ts";
import { hasTopLevelKeyword } from "../../sql/token-ranges.ts";
import type { Token } from "../../sql/tokenize.ts";

const upper = (t: Token | undefined) => (t?.kind === "word" ? t.text.toUpperCase() : "");

/**
 * Whether a PostgreSQL statement may run inside a transaction block. PostgreSQL refuses `CREATE|DROP
 * INDEX CONCURRENTLY`, `REINDEX … CONCURRENTLY`, `REINDEX DATABASE|SYSTEM`, `DETACH PARTITION …
 * CONCURRENTLY`, `VACUUM`, `CREATE|DROP DATABASE`, `ALTER DATABASE … SET TABLESPACE`, `ALTER SYSTEM`,
 * `CREATE|DROP TABLESPACE`, `CREATE|DROP SUBSCRIPTION`, `CLUSTER` without a table and `DISCARD ALL`.
 * https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
 */
function transactional(code: readonly Token[], verb: string): boolean {
  const second = upper(code[1]);
  if (verb === "VACUUM" || (verb === "ALTER" && second === "SYSTEM")) return false;
  if (verb === "DISCARD" && second === "ALL") return false;
  if (verb === "CLUSTER" && (code.length === 1 || (code.length === 2 && second === "VERBOSE"))) return false;
  if ((verb === "CREATE" || verb === "DROP") && ["DATABASE", "TABLESPACE", "SUBSCRIPTION"].includes(second)) {
    return false;
  }
  if (verb === "ALTER" && second === "DATABASE" && hasTopLevelKeyword(code, "TABLESPACE")) return false;
  if (verb === "REINDEX" && code.slice(1, 4).some((t) => ["DATABASE", "SYSTEM"].includes(upper(t)))) return false;
  const indexLike = (verb === "CREATE" || verb === "DROP") && code.slice(1, 3).some((t) => isKeyword(t, "INDEX"));
  const detach = verb === "ALTER" && hasTopLevelKeyword(code, "DETACH");
  if ((indexLike || detach || verb === "REINDEX") && hasTopLevelKeyword(code, "CONCURRENTLY")) return false;
  return true;
}

/**
 * PostgreSQL's SQL rules: nested block comments, `E''` escape strings, `U&` escapes, dollar quoting,
 * `$1` parameters, operators as runs of operator characters; `BEGIN ATOMIC … END` bodies; the
 * statements that refuse a transaction block; a `DO` block is destructive when its body is.
 */
export const postgresSql: SqlRules = {
  tokens: {
    nestedBlockComments: true,
    escapeStrings: true,
    unicodeEscapes: true,
    dollarQuotes: true,
    identifierQuotes: [],
    parameters: "numbered",
    operators: { runsOf: "+-*/<>=~!@#%^&|`?" },
  },
  opensBody: (code) => isKeyword(code[code.length - 1], "ATOMIC") && isKeyword(code[code.length - 2], "BEGIN"),
  transactional,
  destructiveReason(code, verb) {
    if (verb !== "DO") return undefined;
    const body = code.find((t) => t.kind === "string");
    return body === undefined ? undefined : blockBodyReason(body.value, postgresSql);
  },
};
