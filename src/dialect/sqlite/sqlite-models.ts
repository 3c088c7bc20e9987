import type { ModelRules } from "../../model/model-rules.ts";
import { SQLITE_DECIMAL_DIGITS } from "../../schema/native-type.ts";
import { renderColumnType } from "./sqlite-ddl.ts";
import {
  sqliteByteLengthCheck,
  sqliteKeyTypeKeepsNative,
  sqliteKnownTypeField,
  sqliteNonNegativeCheck,
} from "./sqlite-type-map.ts";

/**
 * What the Models DSL declares on SQLite: 8-byte integers, no PostgreSQL-only kinds or clauses,
 * the rowid as the generated key, `strict` / `withoutRowid` tables, key collations, typeless
 * columns, decimals of at most 15 digits.
 */
export const sqliteModels: ModelRules = {
  integerField: "bigint",
  realFloats: false,
  binaryJson: false,
  timeZones: false,
  timePrecision: false,
  networkTypes: false,
  unboundedVarchar: false,
  identityKinds: false,
  identityIsRowid: true,
  primaryKeysNotNull: false,
  foreignKeyClauses: false,
  deferredJoinKeys: false,
  clauseOptions: false,
  keyCollations: true,
  tableOptions: true,
  typelessColumns: true,
  maxDecimalDigits: SQLITE_DECIMAL_DIGITS,
  knownTypeField: sqliteKnownTypeField,
  keyTypeKeepsNative: sqliteKeyTypeKeepsNative,
  nonNegativeCheck: sqliteNonNegativeCheck,
  byteLengthCheck: sqliteByteLengthCheck,
  typeText: renderColumnType,
};
