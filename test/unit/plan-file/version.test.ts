import { describe, expect, test } from "bun:test";
import { isPlanVersion, mintVersion, versionDate } from "../../../src/plan-file/version.ts";

describe("plan version", () => {
  test("is the UTC instant as YYYYMMDDHHmmssSSS", () => {
    expect(mintVersion(new Date(Date.UTC(2026, 10, 29, 15, 30, 0, 123)))).toBe("20261129153000123");
    expect(mintVersion(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)))).toBe("20260102030405006");
  });

  test("does not depend on the local time zone offset of the date", () => {
    const date = new Date("2026-03-29T01:30:00.000+02:00");
    expect(mintVersion(date)).toBe("20260328233000000");
  });

  test("round trips through versionDate", () => {
    const date = new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999));
    expect(versionDate(mintVersion(date))?.getTime()).toBe(date.getTime());
  });

  test("rejects anything but 17 digits naming a real instant", () => {
    for (const bad of [
      "2026112915300012",
      "202611291530001234",
      "2026112915300012x",
      "20261329153000123",
      "20260230120000000",
      "20261129250000000",
      "20261129156000000",
      "",
    ]) {
      expect(isPlanVersion(bad)).toBe(false);
    }
    expect(isPlanVersion("20240229120000000")).toBe(true);
  });

  test("refuses an invalid date", () => {
    expect(() => mintVersion(new Date(Number.NaN))).toThrow(RangeError);
  });
});
