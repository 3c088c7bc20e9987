/**
 * The model layer's view of the MySQL dialect for the models tests, until `mysql-dialect.ts`
 * assembles the real one: its name, label, how it compares names and defaults, and its ModelRules.
 */
import { mysqlModels } from "../../../../src/dialect/mysql/mysql-models.ts";
import type { ModelDialect } from "../../../../src/model/model-rules.ts";

export const mysqlModelDialect: ModelDialect = {
  name: "mysql",
  label: "MySQL",
  capabilities: { identifierCase: "insensitive", namedConstraints: true },
  normalize: { collation: (name) => name, numericTextDefaults: true },
  models: mysqlModels,
  quoteLiteral: (value) => `'${value.replaceAll("'", "''")}'`,
  ignoredTablePrefixes: [],
};
