import type { NormalizeRules } from "../../schema/normalize-rules.ts";

/**
 * MySQL's and MariaDB's normalization: collation names are case-insensitive (lowercased, as the
 * catalog prints them); a column whose collation is its table's already reads without one
 * (mysql-introspect.ts), so no name stands for "the default" here. Numeric defaults print back as
 * numbers, as on PostgreSQL.
 */
export const mysqlNormalize: NormalizeRules = {
  collation: (name) => name.toLowerCase(),
  numericTextDefaults: true,
};
