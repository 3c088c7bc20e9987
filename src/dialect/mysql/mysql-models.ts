import type { ModelRules } from "../../model/model-rules.ts";
import { mysqlFieldProblems } from "./mysql-field-problems.ts";
import { mysqlByteLengthCheck, mysqlKnownTypeField, mysqlNonNegativeCheck } from "./mysql-type-map.ts";
import { MICROSECONDS, renderMysqlType } from "./mysql-type-text.ts";

/**
 * What the Models DSL declares on MySQL and MariaDB: 4-byte IntegerField (`int`), `float` for
 * FloatField `real: true`, `tinyint(1)` booleans, `json`, `char(36)` UUIDs, `longtext` and
 * `longblob`; DateTimeField and TimeField without a time zone (`datetime(6)`, `time(6)`: microseconds
 * unless `precision` says otherwise); identity as `AUTO_INCREMENT` (`identity: true` only); NOT NULL
 * keys; foreign keys without PostgreSQL's clauses and never deferred (InnoDB checks each row at
 * once). No network types, length-less varchar, PostgreSQL index clauses, key collations or SQLite
 * table options; intervals and the rest MySQL cannot hold are refused by `mysqlFieldProblems`.
 */
export const mysqlModels: ModelRules = {
  integerField: "integer",
  realFloats: true,
  binaryJson: false,
  timeZones: false,
  timePrecision: true,
  networkTypes: false,
  unboundedVarchar: false,
  identityKinds: false,
  identityIsRowid: false,
  primaryKeysNotNull: true,
  foreignKeyClauses: false,
  deferredJoinKeys: false,
  clauseOptions: false,
  keyCollations: false,
  tableOptions: false,
  typelessColumns: false,
  impliedTimePrecision: MICROSECONDS,
  knownTypeField: mysqlKnownTypeField,
  keyTypeKeepsNative: () => false,
  nonNegativeCheck: mysqlNonNegativeCheck,
  byteLengthCheck: mysqlByteLengthCheck,
  fieldProblems: mysqlFieldProblems,
  typeText: renderMysqlType,
};
