import { expect, test } from "bun:test";
import { didYouMean } from "../../../src/core/did-you-mean.ts";

test("suggests near misses and nothing for unrelated words", () => {
  expect(didYouMean("adpater", ["adapter", "database"])).toBe("adapter");
  expect(didYouMean("defaultenv", ["default_env"])).toBe("default_env");
  expect(didYouMean("Postgress", ["PostgreSQL", "SQLite"])).toBe("PostgreSQL");
  expect(didYouMean("banana", ["adapter", "database"])).toBeUndefined();
});
