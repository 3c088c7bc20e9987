import { describe, expect, test } from "bun:test";
import { runPool } from "../../../src/deploy/run-pool.ts";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("runPool", () => {
  test("at most `limit` at once, results in task order, finishes reported as they happen", async () => {
    let running = 0;
    let peak = 0;
    const finished: number[] = [];
    const tasks = [30, 5, 20, 1, 10, 2].map((ms, i) => async () => {
      running++;
      peak = Math.max(peak, running);
      await tick(ms);
      running--;
      return i * 10;
    });
    const results = await runPool(tasks, { limit: 3, onDone: (i) => finished.push(i) });
    expect(results).toEqual([0, 10, 20, 30, 40, 50]);
    expect(peak).toBe(3);
    expect(finished.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(finished.length).toBe(6);
  });
  test("one at a time while oneAtATime says so, then in parallel", async () => {
    let gate = true;
    let running = 0;
    const peaks: number[] = [];
    const tasks = Array.from({ length: 8 }, (_, i) => async () => {
      running++;
      peaks[i] = running;
      await tick(5);
      if (i === 2) gate = false; // the third task "archives the plan"
      running--;
      return i;
    });
    const results = await runPool(tasks, { limit: 4, oneAtATime: () => gate });
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(peaks.slice(0, 3)).toEqual([1, 1, 1]);
    expect(Math.max(...peaks.slice(3))).toBeGreaterThan(1);
  });
  test("limit is at least 1, and an empty list runs nothing", async () => {
    expect(await runPool([async () => 1], { limit: 0 })).toEqual([1]);
    expect(await runPool([], { limit: 4 })).toEqual([]);
  });
});
