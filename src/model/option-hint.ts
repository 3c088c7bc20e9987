/**
 * The "did you mean" of an unknown option of a field, a model, an index or a constraint: a typo of
 * an option (`max_length`, `maxLenght` → `maxLength`, by edit distance), or an option's name in
 * another ORM, which no edit distance finds (`nullable` → `null`).
 */
import { didYouMeanHint } from "../core/did-you-mean.ts";

/** Options as other ORMs spell them (lowercase, without `_` and `-`), and pormg's name for each. */
const OTHER_ORMS: Readonly<Record<string, readonly string[]>> = {
  null: ["nullable", "allownull", "optional", "notnull", "required", "isnullable"],
  maxLength: ["length", "size", "maxlen", "max"],
  primaryKey: ["primary", "pk", "isprimary", "primarykeys"],
  dbIndex: ["index", "indexed"],
  dbColumn: ["column", "columnname", "name", "field"],
  default: ["defaultvalue"],
  dbDefault: ["serverdefault", "defaultsql", "sqldefault"],
  identity: ["autoincrement", "autoincrementing", "serial"],
  maxDigits: ["precision"],
  decimalPlaces: ["scale"],
  dbTable: ["table", "tablename", "name"],
  onDelete: ["ondeleteaction", "cascade"],
};

/** pormg's option that `key` names in another ORM, when it is one of `allowed`. */
function otherOrmName(key: string, allowed: readonly string[]): string | undefined {
  const word = key.toLowerCase().replace(/[-_]/g, "");
  return allowed.find((option) => OTHER_ORMS[option]?.includes(word));
}

/** ` (did you mean "x"?)` for an unknown option `key` of something that takes `allowed`, else the empty string. */
export function optionHint(key: string, allowed: readonly string[]): string {
  const other = otherOrmName(key, allowed);
  return other === undefined ? didYouMeanHint(key, allowed) : ` (did you mean "${other}"?)`;
}
