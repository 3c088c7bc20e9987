import { describe, expect, test } from "bun:test";
import { type Dialect, dialects } from "../../../src/dialect/dialect.ts";
import { DIALECTS, harnessOf, selectDialects } from "../../lib/dialects.ts";

const registered = [{ name: "alpha" }, { name: "beta" }, { name: "gamma" }];

describe("PORMG_TEST_DIALECTS", () => {
  test("blank or unset keeps every registered dialect, in registration order", () => {
    expect(selectDialects(registered, undefined)).toEqual(registered);
    expect(selectDialects(registered, " ")).toEqual(registered);
  });

  test("a comma-separated list keeps those, in registration order", () => {
    expect(selectDialects(registered, "gamma, alpha").map((d) => d.name)).toEqual(["alpha", "gamma"]);
    expect(selectDialects(registered, "beta,").map((d) => d.name)).toEqual(["beta"]);
  });

  test("an unknown name fails loudly, naming it and the registered ones", () => {
    expect(() => selectDialects(registered, "alpha,delta")).toThrow(
      "PORMG_TEST_DIALECTS names unknown dialect(s) delta; registered: alpha, beta, gamma",
    );
  });

  test("DIALECTS has one harness per selected registered dialect", () => {
    const names = selectDialects(dialects(), process.env.PORMG_TEST_DIALECTS).map((d) => d.name);
    expect(DIALECTS.map((h): string => h.name)).toEqual(names);
    for (const h of DIALECTS) expect(h.label).toBe(h.dialect.label);
  });

  test("a registered dialect without a harness fails loudly", () => {
    const skeleton = { ...dialects()[0], name: "skeleton" } as unknown as Dialect;
    expect(() => harnessOf(skeleton)).toThrow("no harness for the registered dialect skeleton");
  });
});
