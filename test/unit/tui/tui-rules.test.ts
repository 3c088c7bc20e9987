import { describe, expect, test } from "bun:test";
import { PormgError } from "../../../src/core/errors.ts";
import { helpLines } from "../../../src/tui/help-view.ts";
import { completeModel } from "../../../src/tui/inspect-view.ts";
import { type Command, type FocusState, functionKeyOf, type MigrationsAction, route } from "../../../src/tui/keys.ts";
import { scrollBy, wrapLines } from "../../../src/tui/lines.ts";
import { migrateFailureLine, migrateOutcomeLine } from "../../../src/tui/migrations-view.ts";
import { terminalProblem } from "../../../src/tui/terminal.ts";
import { applyControls } from "../../../src/tui/use-inspect.ts";
import type { MigrateOutcome } from "../../../src/use-cases/migrate.ts";

const at = (pane: FocusState["pane"], inputFocused = false, confirming = false): FocusState => ({
  pane,
  inputFocused,
  confirming,
});

describe("focus rules", () => {
  test("digits, q and j go to the query input while it has focus; F-keys and Ctrl-C still work", () => {
    for (const input of ["1", "2", "3", "q", "j", "k", "m"])
      expect(route(at("inspect", true), { input })).toEqual({ kind: "none" });
    expect(route(at("inspect", true), { input: "", functionKey: 1 })).toEqual({ kind: "pane", pane: "migrations" });
    expect(route(at("inspect", true), { input: "c", ctrl: true })).toEqual({ kind: "interrupt" });
    expect(route(at("inspect", true), { input: "", escape: true })).toEqual({ kind: "blurInput" });
    expect(route(at("inspect", true), { input: "", tab: true })).toEqual({ kind: "complete" });
  });

  test("outside the input, 1/2/3 switch panes, q and Esc quit, j/k scroll, letters act", () => {
    expect(route(at("inspect"), { input: "3" })).toEqual({ kind: "pane", pane: "history" });
    expect(route(at("migrations"), { input: "q" })).toEqual({ kind: "quit" });
    expect(route(at("history"), { input: "", escape: true })).toEqual({ kind: "quit" });
    expect(route(at("migrations"), { input: "j" })).toEqual({ kind: "scroll", key: "down" });
    expect(route(at("migrations"), { input: "", pageUp: true })).toEqual({ kind: "scroll", key: "pageUp" });
    expect(route(at("migrations"), { input: "m" })).toEqual({ kind: "migrations", action: "migrate" });
    expect(route(at("migrations"), { input: "v" })).toEqual({ kind: "migrations", action: "verify" });
    expect(route(at("inspect"), { input: "i" })).toEqual({ kind: "focusInput" });
  });

  test("in the Migrations pane ] and [ select a step, Enter or space folds it, c folds them all", () => {
    const migrations = (action: MigrationsAction): Command => ({ kind: "migrations", action });
    expect(route(at("migrations"), { input: "]" })).toEqual(migrations("nextStep"));
    expect(route(at("migrations"), { input: "[" })).toEqual(migrations("previousStep"));
    expect(route(at("migrations"), { input: "", return: true })).toEqual(migrations("foldStep"));
    expect(route(at("migrations"), { input: " " })).toEqual(migrations("foldStep"));
    expect(route(at("migrations"), { input: "c" })).toEqual(migrations("foldAll"));
    expect(route(at("history"), { input: "c" })).toEqual({ kind: "none" });
    expect(route(at("inspect"), { input: "", return: true })).toEqual({ kind: "focusInput" });
  });

  test("? opens the key help outside the query input; the help names the preview's keys", () => {
    expect(route(at("migrations"), { input: "?" })).toEqual({ kind: "help" });
    expect(route(at("inspect"), { input: "?" })).toEqual({ kind: "help" });
    expect(route(at("inspect", true), { input: "?" })).toEqual({ kind: "none" });
    expect(route(at("migrations", false, true), { input: "?" })).toEqual({ kind: "none" });
    const help = helpLines().map((l) => l.text);
    for (const key of ["] [", "Enter / Space", "c ", "v ", "m "])
      expect(help.some((l) => l.trimStart().startsWith(key))).toBe(true);
    // It fits the smallest terminal: 80x24 leaves 20 rows under its title.
    expect(help.length).toBeLessThanOrEqual(20);
    expect(Math.max(...help.map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });

  test("an open confirmation takes every key: only y applies, n or Esc declines", () => {
    expect(route(at("migrations", false, true), { input: "y" })).toEqual({ kind: "confirm", yes: true });
    expect(route(at("migrations", false, true), { input: "n" })).toEqual({ kind: "confirm", yes: false });
    expect(route(at("migrations", false, true), { input: "", escape: true })).toEqual({ kind: "confirm", yes: false });
    for (const input of ["q", "m", "1", "\r"])
      expect(route(at("migrations", false, true), { input })).toEqual({ kind: "none" });
  });

  test("function keys as xterm, tmux and the Linux console send them", () => {
    expect(functionKeyOf("\u001bOP")).toBe(1);
    expect(functionKeyOf("\u001bOR")).toBe(3);
    expect(functionKeyOf("\u001b[12~")).toBe(2);
    expect(functionKeyOf("\u001b[[C")).toBe(3);
    expect(functionKeyOf("\u001b[A")).toBeUndefined();
    expect(functionKeyOf("P")).toBeUndefined();
  });
});

describe("display helpers", () => {
  test("wrapping keeps every character and indents continuation rows", () => {
    const text = `SELECT ${"x, ".repeat(40)}y FROM t`;
    const rows = wrapLines([{ text, tone: "danger" }], 30);
    expect(rows.every((r) => r.text.length <= 30 && r.tone === "danger")).toBe(true);
    expect(rows.slice(1).every((r) => r.text.startsWith("     "))).toBe(true);
    expect(
      rows
        .map((r, k) => (k === 0 ? r.text : r.text.slice(5)))
        .join("")
        .replaceAll(" ", ""),
    ).toBe(text.replaceAll(" ", ""));
  });

  test("scrolling stays inside the content", () => {
    expect(scrollBy(0, "up", 50, 10)).toBe(0);
    expect(scrollBy(0, "pageDown", 50, 10)).toBe(9);
    expect(scrollBy(39, "down", 50, 10)).toBe(40);
    expect(scrollBy(40, "down", 50, 10)).toBe(40);
    expect(scrollBy(3, "end", 5, 10)).toBe(0);
  });

  test("Tab completes a unique model and lists ambiguous ones", () => {
    expect(completeModel("res", ["Race", "Result"]).text).toBe("Result ");
    expect(completeModel("R", ["Race", "Result"])).toEqual({ text: "R", candidates: ["Race", "Result"] });
    expect(completeModel("Result x=", ["Result"]).text).toBe("Result x=");
  });

  test("keys that arrive in one chunk are applied, not inserted", () => {
    expect(applyControls("Nope\u007f\u007f\u007f\u007fDri\t")).toBe("Dri");
    expect(applyControls("Driver code=HAM\r")).toBe("Driver code=HAM");
  });

  test("only an applied migrate is reported as a success", () => {
    const outcomes: MigrateOutcome[] = [
      "applied",
      "already_applied",
      "nothing_pending",
      "declined",
      "disabled",
      "drift",
    ];
    const lines = outcomes.map((outcome) =>
      migrateOutcomeLine(
        {
          outcome,
          exitCode: 0,
          applied: [],
          notes: [],
          version: "1",
          checksum: "abc",
          statements: 2,
          destructive: false,
        },
        "dev",
      ),
    );
    expect(lines.map((l) => l.tone)).toEqual(["good", "warn", "warn", "warn", "warn", "warn"]);
    expect(lines.filter((l) => l.text.includes("✓"))).toHaveLength(1);
    for (const l of lines.slice(1)) expect(l.text).toMatch(/nothing|Not applied/i);
  });

  test("a rerun that resumed an applied plan's unfinished steps says so (no duration of its own)", () => {
    const base = { exitCode: 0, applied: [], notes: [], version: "7", checksum: "abc", statements: 6 };
    const l = migrateOutcomeLine({ ...base, outcome: "applied", destructive: true, resumed: 1 }, "dev");
    expect(l).toMatchObject({ text: "✓ Resumed 7: 1 step(s) that had not finished ran.", tone: "good" });
  });
});

describe("the terminal check", () => {
  const ok = { platform: "linux", stdinIsTTY: true, stdoutIsTTY: true, columns: 80, rows: 24 };
  test("refuses Windows, pipes and small terminals, each saying why", () => {
    expect(terminalProblem(ok)).toBeUndefined();
    expect(terminalProblem({ ...ok, platform: "win32" })).toContain("not supported on native Windows");
    expect(terminalProblem({ ...ok, stdoutIsTTY: false })).toContain("stdout is not a TTY");
    expect(terminalProblem({ ...ok, rows: 23 })).toContain("at least 80x24, but this one is 80x23");
  });
});

describe("a failed migrate's line", () => {
  test("says nothing was applied, unless the plan's transaction had committed before the failed step", () => {
    const rolledBack = new PormgError("STATEMENT_FAILED", "step 1 failed", { committed: false });
    expect(migrateFailureLine(rolledBack).text).toBe("Nothing was applied.");
    expect(migrateFailureLine(new Error("lost connection")).text).toBe("Nothing was applied.");
    const committed = new PormgError("STATEMENT_FAILED", "step 3 failed", { committed: true });
    const l = migrateFailureLine(committed);
    expect(l.text).toContain("transaction was committed");
    expect(l.text).toContain("resume");
    expect(l.tone).toBe("bad");
    // Without transactional DDL (MySQL) no transaction held the steps: each committed on its own.
    const stepwise = migrateFailureLine(committed, true);
    expect(stepwise.text).toStartWith("Each step commits on its own: the steps before the failed one are applied");
    expect(stepwise.text).toContain("resume");
  });

  test("without transactional DDL (MySQL) it names no plan transaction: the steps before the failed one are applied", () => {
    const committed = new PormgError("STATEMENT_FAILED", "step 3 failed", { committed: true });
    const l = migrateFailureLine(committed, true);
    expect(l.text).not.toContain("transaction was committed");
    expect(l.text).toContain("the steps before the failed one are applied");
    expect(l.text).toContain("migrate again (m) to resume");
    const refused = new PormgError("LOCK_TIMEOUT", "locked", {});
    expect(migrateFailureLine(refused, true).text).toBe("Nothing was applied.");
  });
});
