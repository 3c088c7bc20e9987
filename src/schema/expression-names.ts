import type { DialectCapabilities } from "../core/capabilities.ts";
import { type TokenRules, tokenize } from "../sql/tokenize.ts";

/**
 * What reading names in an expression needs of a dialect: its tokenizer, how it compares names
 * (`identifierCase`) and its identifier quoting. A Dialect fits.
 */
export interface ExpressionNames {
  readonly capabilities: Pick<DialectCapabilities, "identifierCase">;
  readonly sql: { readonly tokens: TokenRules };
  quoteIdent(name: string): string;
}

/**
 * Rewrites every reference to column `from` in an SQL expression (a CHECK condition, an index
 * expression or predicate) to `to`, by tokens: quoted and unquoted names match (an unquoted one
 * as the dialect compares names), function names (a name followed by `(`) and qualified names
 * (`x.col`) do not. An unquoted reference stays unquoted when the new name is a plain lowercase
 * identifier, as PostgreSQL prints it.
 */
export function renameInExpression(sql: string, from: string, to: string, dialect: ExpressionNames): string {
  const tokens = tokenize(sql, dialect.sql);
  const unquoted = dialect.capabilities.identifierCase === "insensitive" ? from.toLowerCase() : from;
  let out = "";
  let at = 0;
  tokens.forEach((token, i) => {
    const matches =
      (token.kind === "quoted_identifier" && token.value === from) ||
      (token.kind === "word" && token.text.toLowerCase() === unquoted);
    const next = tokens[i + 1];
    const prev = tokens[i - 1];
    if (!matches || next?.text === "(" || prev?.text === ".") return;
    const plain = token.kind === "word" && /^[a-z_][a-z0-9_]*$/.test(to);
    out += sql.slice(at, token.start) + (plain ? to : dialect.quoteIdent(to));
    at = token.end;
  });
  return out + sql.slice(at);
}

/** Whether an SQL expression mentions column `name` (by the rules of {@link renameInExpression}). */
export function mentionsColumn(sql: string, name: string, dialect: ExpressionNames): boolean {
  return renameInExpression(sql, name, `${name}\u0000`, dialect) !== sql;
}
