import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { describeHolder } from "../../../src/apply/lock-holder.ts";
import {
  FIRST_RETRY_MS,
  formatWait,
  lockWaitMs,
  MAX_RETRY_MS,
  pollUntil,
  retryDelayMs,
} from "../../../src/apply/lock-wait.ts";
import { isPormgError } from "../../../src/core/errors.ts";
import { advisoryLockKey } from "../../../src/dialect/postgres/postgres-lock-holder.ts";

describe("lock wait", () => {
  test("lockWaitSeconds: default 30 s, 0 allowed, bad values are usage errors", () => {
    expect(lockWaitMs(undefined)).toBe(30_000);
    expect(lockWaitMs(0)).toBe(0);
    expect(lockWaitMs(0.25)).toBe(250);
    expect(lockWaitMs(2_147_483)).toBe(2_147_483_000);
    for (const bad of [-0.5, Number.NaN, Number.POSITIVE_INFINITY, 2_147_484]) {
      let error: unknown;
      try {
        lockWaitMs(bad);
      } catch (e) {
        error = e;
      }
      expect(isPormgError(error, "USAGE")).toBe(true);
    }
  });

  test("retry delays grow exponentially from 50 ms to a 1 s cap, with jitter in the upper half", () => {
    expect(retryDelayMs(0, () => 0)).toBe(FIRST_RETRY_MS / 2);
    expect(retryDelayMs(0, () => 0.999_999)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(1, () => 0)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(10, () => 0.999_999)).toBe(MAX_RETRY_MS);
    fc.assert(
      fc.property(fc.nat(10_000), fc.double({ min: 0, max: 0.999_999, noNaN: true }), (attempt, r) => {
        const delay = retryDelayMs(attempt, () => r);
        const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempt, 20));
        return delay >= ceiling / 2 && delay <= ceiling && delay <= MAX_RETRY_MS;
      }),
    );
  });

  test("pollUntil tries once with no wait, and stops at the deadline", async () => {
    let tries = 0;
    const once = await pollUntil(async () => {
      tries++;
      return false;
    }, 0);
    expect(once).toMatchObject({ acquired: false, attempts: 1 });
    expect(tries).toBe(1);
    const started = Date.now();
    const timed = await pollUntil(async () => false, 300);
    expect(timed.acquired).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(600);
    let n = 0;
    const third = await pollUntil(async () => ++n === 3, 5_000);
    expect(third).toMatchObject({ acquired: true, attempts: 3 });
  });

  test("formatWait", () => {
    expect(formatWait(30_000)).toBe("30 s");
    expect(formatWait(500)).toBe("0.5 s");
    expect(formatWait(0)).toBe("0 s (one try)");
  });
});

describe("lock holder", () => {
  test("the key of pormg::migrations is a signed 64-bit integer from the MD5's first 16 hex digits", () => {
    // `printf pormg::migrations | md5sum` starts 11d769285689f6ea…
    expect(advisoryLockKey()).toBe(0x11d769285689f6ean);
    expect(advisoryLockKey("")).toBe(BigInt.asIntN(64, 0xd41d8cd98f00b204n)); // negative: top bit set
    expect(advisoryLockKey("") < 0n).toBe(true);
  });

  test("describeHolder says what PostgreSQL showed", () => {
    expect(
      describeHolder({
        pid: 48213,
        applicationName: "pormg/0.1.0 deploy@web-2:4411",
        clientAddr: "10.0.0.7",
        since: "2026-11-29T15:30:00Z",
      }),
    ).toBe("pid 48213 (pormg/0.1.0 deploy@web-2:4411) from 10.0.0.7 since 2026-11-29T15:30:00Z");
    expect(describeHolder({ pid: 7, applicationName: "psql", clientAddr: null, since: "2026-01-01T00:00:00Z" })).toBe(
      "pid 7 (psql) from a local socket since 2026-01-01T00:00:00Z",
    );
    expect(describeHolder({ pid: 7, applicationName: null, clientAddr: null, since: null })).toBe(
      "pid 7 (its details are not visible to this database role)",
    );
  });
});
