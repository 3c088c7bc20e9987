import type { NormalizeRules } from "../../schema/normalize-rules.ts";

/**
 * SQLite's normalization: collation names are case-insensitive (uppercased) and `BINARY`, the
 * default, is left out; a default keeps the text it was written with.
 */
export const sqliteNormalize: NormalizeRules = {
  collation(name) {
    const collation = name.toUpperCase();
    return collation === "BINARY" ? undefined : collation;
  },
  numericTextDefaults: false,
};
