import { describe, expect, test } from "bun:test";
import {
  BASE_BACKOFF_MS,
  backoffMs,
  lockRetries,
  MAX_BACKOFF_MS,
  withLockRetries,
} from "../../../src/apply/lock-retry.ts";
import { PormgError } from "../../../src/core/errors.ts";

const timeout = () => new PormgError("LOCK_TIMEOUT", "timed out", { setting: "lock_timeout" });

describe("lock retries", () => {
  test("backoff doubles from 250 ms, is capped at 8 s, and is jittered 0.5–1.5×", () => {
    expect(backoffMs(1, () => 0.5)).toBe(BASE_BACKOFF_MS);
    expect(backoffMs(2, () => 0.5)).toBe(2 * BASE_BACKOFF_MS);
    expect(backoffMs(3, () => 0)).toBe(2 * BASE_BACKOFF_MS);
    expect(backoffMs(3, () => 0.999)).toBe(Math.round(4 * BASE_BACKOFF_MS * 1.499));
    expect(backoffMs(20, () => 0.5)).toBe(MAX_BACKOFF_MS);
  });

  test("retries lock timeouts only, counts them, and gives up after the limit", async () => {
    const waits: number[] = [];
    let calls = 0;
    const policy = {
      retries: 3,
      lockTimedOut: (e: unknown) => e instanceof PormgError && e.code === "LOCK_TIMEOUT",
      sleep: async (ms: number) => {
        waits.push(ms);
      },
    };
    const ok = await withLockRetries(policy, async (n) => {
      calls++;
      if (n < 2) throw timeout();
      return "done";
    });
    expect(ok).toEqual({ value: "done", retries: 2 });
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);

    const spent = (await withLockRetries(policy, async () => {
      throw timeout();
    }).catch((e: unknown) => e)) as PormgError;
    expect(spent.code).toBe("LOCK_TIMEOUT");
    expect(spent.details.lockRetries).toBe(3);

    let other = 0;
    const failed = (await withLockRetries(policy, async () => {
      other++;
      throw new Error("syntax");
    }).catch((e: unknown) => e)) as Error;
    expect(failed.message).toBe("syntax");
    expect(other).toBe(1);
  });

  test("lockRetries defaults to 5 and refuses what is not a whole number from 0 to 100", () => {
    expect(lockRetries(undefined)).toBe(5);
    expect(lockRetries(0)).toBe(0);
    for (const bad of [-1, 1.5, 101, Number.NaN]) expect(() => lockRetries(bad)).toThrow("lockRetries");
  });
});
