import type { SqlRules } from "../../sql/sql-rules.ts";
import { isKeyword } from "../../sql/token-predicates.ts";

/**
 * SQLite's SQL rules: flat block comments, `` `x` `` and `[x]` identifiers, `?`, `?1`, `:name`,
 * `@name`, `$name` parameters, a fixed operator list; the `BEGIN … END` body of `CREATE TRIGGER`;
 * `VACUUM`, `ATTACH` and `DETACH` refuse a transaction; no statements of its own are destructive.
 */
export const sqliteSql: SqlRules = {
  tokens: {
    nestedBlockComments: false,
    escapeStrings: false,
    unicodeEscapes: false,
    dollarQuotes: false,
    identifierQuotes: ["`", "["],
    parameters: "prefixed",
    operators: { oneOf: ["->>", "->", "||", "<=", ">=", "==", "!=", "<>", "<<", ">>"] },
  },
  opensBody(code) {
    if (!isKeyword(code[code.length - 1], "BEGIN") || !isKeyword(code[0], "CREATE")) return false;
    let k = 1;
    if (isKeyword(code[k], "TEMP") || isKeyword(code[k], "TEMPORARY")) k++;
    return isKeyword(code[k], "TRIGGER");
  },
  transactional: (_code, verb) => !["VACUUM", "ATTACH", "DETACH"].includes(verb),
  destructiveReason: () => undefined,
};
