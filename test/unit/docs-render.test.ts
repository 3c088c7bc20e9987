/**
 * The renderings of the docs check for coloured output and dashboard screens: `cat -v` escapes
 * (compared with the real `cat -v`), the run environment's colour variables, plan versions numbered
 * oldest first for screens, and a tmux capture that waits for a settled screen and trims it.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { catV } from "../../scripts/docs/cat-v.ts";
import { normalize } from "../../scripts/docs/normalize.ts";
import { runEnv } from "../../scripts/docs/scenarios.ts";
import { captureTui, closeTmux } from "../../scripts/docs/tmux.ts";
import { tempDir } from "../lib/cli.ts";

describe("cat -v rendering", () => {
  test("matches the real cat -v on escapes, DEL, tabs, newlines and multi-byte UTF-8", () => {
    const text = "\x1b[1mPlan — 2\x1b[22m\t…\x7f\x01\nnext ü\r\n\u0085 end";
    const real = spawnSync("cat", ["-v"], { input: text, encoding: "utf8" });
    expect(real.status).toBe(0);
    expect(catV(text)).toBe(real.stdout);
    expect(catV("\x1b[31mred\x1b[39m —")).toBe("^[[31mred^[[39m M-bM-^@M-^T");
  });
});

describe("run environment", () => {
  test("NO_COLOR unless the example forces colour (NO_COLOR would win over FORCE_COLOR)", () => {
    expect(runEnv().NO_COLOR).toBe("1");
    const forced = runEnv({ FORCE_COLOR: "1" });
    expect(forced.FORCE_COLOR).toBe("1");
    expect("NO_COLOR" in forced).toBe(false);
    expect(forced.TZ).toBe("UTC");
  });
});

describe("normalize by age", () => {
  test("numbers versions oldest first, whatever order they appear in", () => {
    const text = "plan 20261202145101658 │ applied 20261202145100001 · 20261202145101658";
    expect(normalize(text, "/nowhere", true)).toBe(
      "plan 20260101120000002 │ applied 20260101120000001 · 20260101120000002",
    );
    expect(normalize(text, "/nowhere")).toBe("plan 20260101120000001 │ applied 20260101120000002 · 20260101120000001");
  });
});

describe("tmux capture", () => {
  test("waits until the marker and idle show and the screen settles, then trims it", async () => {
    const cwd = tempDir("pormg-tmux-");
    // The marker appears only after a delay; the screen before it must not be taken.
    const script = "printf 'starting   \\n'; sleep 0.7; printf 'ready %s  \\n\\n  idle\\n' \"$WHO\"";
    try {
      const screen = await captureTui("t", ["sh", "-c", script], cwd, [40, 10], { PATH: "/usr/bin:/bin", WHO: "me" }, [
        { until: "ready" },
      ]);
      expect(screen.split("\n").slice(0, 4)).toEqual(["starting", "ready me", "", "  idle"]);
      expect(screen).toBe(screen.trimEnd());
      for (const line of screen.split("\n")) expect(line).toBe(line.trimEnd());
    } finally {
      closeTmux();
    }
  }, 20_000);
});
