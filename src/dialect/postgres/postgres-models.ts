import type { ModelRules } from "../../model/model-rules.ts";
import { MAX_IDENTIFIER_BYTES } from "../../schema/names.ts";
import { renderColumnType } from "./postgres-ddl.ts";
import { postgresByteLengthCheck, postgresKnownTypeField, postgresNonNegativeCheck } from "./postgres-type-map.ts";

/**
 * What the Models DSL declares on PostgreSQL: every field kind and option but the SQLite table
 * options and key collations; 4-byte IntegerField, jsonb and time zones by default, NOT NULL keys,
 * deferred join-table keys, names cut at 63 bytes.
 */
export const postgresModels: ModelRules = {
  integerField: "integer",
  realFloats: true,
  binaryJson: true,
  timeZones: true,
  timePrecision: true,
  networkTypes: true,
  unboundedVarchar: true,
  identityKinds: true,
  identityIsRowid: false,
  primaryKeysNotNull: true,
  foreignKeyClauses: true,
  deferredJoinKeys: true,
  clauseOptions: true,
  keyCollations: false,
  tableOptions: false,
  typelessColumns: false,
  maxIdentifierBytes: MAX_IDENTIFIER_BYTES,
  knownTypeField: postgresKnownTypeField,
  keyTypeKeepsNative: () => false,
  nonNegativeCheck: postgresNonNegativeCheck,
  byteLengthCheck: postgresByteLengthCheck,
  typeText: renderColumnType,
};
