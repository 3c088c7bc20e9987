import type { NormalizeRules } from "../../schema/normalize-rules.ts";

/** PostgreSQL's normalization: collation names are identifiers, kept; numeric defaults print as numbers. */
export const postgresNormalize: NormalizeRules = {
  collation: (name) => name,
  numericTextDefaults: true,
};
