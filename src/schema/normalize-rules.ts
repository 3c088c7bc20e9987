/**
 * NormalizeRules are what `normalizeSchema` needs of a dialect to put a schema in canonical form:
 * how it spells collation names, and whether it keeps numeric defaults as numbers. Each dialect
 * implements them as its `normalize` part (`src/dialect/<d>/<d>-normalize.ts`).
 */
export interface NormalizeRules {
  /**
   * The canonical spelling of a column's collation name, or undefined when it names the dialect's
   * default collation (left out then). SQLite uppercases (its names are case-insensitive) and
   * leaves out `BINARY`; PostgreSQL keeps the identifier as written.
   */
  collation(name: string): string | undefined;
  /**
   * A numeric column's default written as a numeric string (`"20.5"`) is the number when the
   * number prints back the same, as the database prints it back (PostgreSQL); otherwise the text
   * stays text.
   */
  readonly numericTextDefaults: boolean;
}
