import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPormgError, type PormgError } from "../../../src/core/errors.ts";
import { dialects } from "../../../src/dialect/dialect.ts";
import { planChecksum } from "../../../src/plan-file/checksum.ts";
import { discardPending, pendingPaths, readPending, writePending } from "../../../src/plan-file/pending.ts";
import type { PlanDocument } from "../../../src/plan-file/plan-document.ts";
import { writePlan } from "../../../src/plan-file/write-plan.ts";
import { pgPlan, sqlitePlan } from "../../unit/plan-file/sample-plan.ts";

let root: string;
let folder: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "pormg-pending-"));
  folder = join(root, "db");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const generated = (doc: PlanDocument): PlanDocument => ({ ...doc, generatedChecksum: planChecksum(doc.steps) });
/** The PostgreSQL sample without its data step: what makemigrations itself would write. */
const pgGenerated = generated({ ...pgPlan, steps: pgPlan.steps.filter((s) => !s.label.startsWith("Data (")) });
const refusal = (fn: () => unknown): PormgError => {
  try {
    fn();
  } catch (e) {
    if (isPormgError(e, "PLAN_REFUSED")) return e;
    throw e;
  }
  throw new Error("expected PLAN_REFUSED");
};

describe("pending plan lifecycle", () => {
  test("paths live under <folder>/migrations", () => {
    expect(pendingPaths("db")).toEqual({
      migrations: join("db", "migrations"),
      pending: join("db", "migrations", "pending_migrations.sql"),
      discarded: join("db", "migrations", "pending_migrations.sql.discarded"),
      applied: join("db", "migrations", "applied_migrations"),
    });
  });

  test("no pending plan: read gives undefined, discard does nothing", () => {
    expect(readPending(folder, dialects())).toBeUndefined();
    expect(discardPending(folder)).toBeUndefined();
    expect(existsSync(folder)).toBe(false);
  });

  test("write creates the folder, reads back, and leaves no temporary file", () => {
    const path = writePending(folder, pgGenerated, dialects());
    expect(path).toBe(pendingPaths(folder).pending);
    expect(readFileSync(path, "utf8")).toBe(writePlan(pgGenerated, dialects()));
    expect(readPending(folder, dialects())).toEqual(pgGenerated);
    expect(readdirSync(join(folder, "migrations"))).toEqual(["pending_migrations.sql"]);
  });

  test("a generated plan is replaced by a newer generated one", () => {
    writePending(folder, pgGenerated, dialects());
    const next = generated({ ...pgGenerated, version: "20261130000000000", steps: pgGenerated.steps.slice(0, 2) });
    writePending(folder, next, dialects());
    expect(readPending(folder, dialects())).toEqual(next);
  });

  test("refuses to overwrite a plan whose steps were edited by hand, and changes nothing", () => {
    const path = writePending(folder, pgGenerated, dialects());
    const edited = readFileSync(path, "utf8").replace("varchar(3);", "varchar(3) NOT NULL DEFAULT 'x';");
    writeFileSync(path, edited);
    const e = refusal(() => writePending(folder, sqlitePlan, dialects()));
    expect(e.message).toContain("edited by hand");
    expect(e.message).toContain(`pormg discard --db ${folder}`);
    expect(e.details).toMatchObject({ path, handEdited: true });
    expect(readFileSync(path, "utf8")).toBe(edited);
    expect(readdirSync(join(folder, "migrations"))).toEqual(["pending_migrations.sql"]);
  });

  test("refuses to overwrite a plan with a hand-written step appended", () => {
    const path = writePending(folder, pgGenerated, dialects());
    writeFileSync(
      path,
      `${readFileSync(path, "utf8")}-- step: Fix names\nUPDATE "drivers" SET "note" = '' WHERE "note" IS NULL;\n`,
    );
    expect(refusal(() => writePending(folder, pgGenerated, dialects())).message).toContain("edited by hand");
  });

  test("a plan that holds data steps and was edited says both", () => {
    const path = writePending(folder, generated(pgPlan), dialects());
    writeFileSync(path, readFileSync(path, "utf8").replace("varchar(3);", "varchar(4);"));
    const e = refusal(() => writePending(folder, pgGenerated, dialects()));
    expect(e.message).toContain("edited by hand (their checksum");
    expect(e.message).toContain('and 1 hand-written data step(s) — "Data (post): normalize nationality" —');
  });

  test("refuses to overwrite a plan holding data steps, naming them", () => {
    const withData = generated({
      ...sqlitePlan,
      steps: [
        ...sqlitePlan.steps,
        {
          label: "Data (post): backfill",
          sql: "UPDATE t SET a = 1 WHERE a IS NULL;",
          destructive: false,
          transactional: true,
        },
      ],
    });
    const path = writePending(folder, withData, dialects());
    const e = refusal(() => writePending(folder, sqlitePlan, dialects()));
    expect(e.message).toContain('1 hand-written data step(s) — "Data (post): backfill" —');
    expect(readFileSync(path, "utf8")).toBe(writePlan(withData, dialects()));
  });

  test("refuses to overwrite a file that is not a plan, and readPending reports it as malformed", () => {
    const { pending } = pendingPaths(folder);
    mkdirSync(join(folder, "migrations"), { recursive: true });
    writeFileSync(pending, "UPDATE accounts SET balance = 0;\n");
    expect(() => readPending(folder, dialects())).toThrow(/pending_migrations\.sql:1: not a pormg plan/);
    const e = refusal(() => writePending(folder, pgGenerated, dialects()));
    expect(e.message).toContain("does not read as a plan");
    expect(readFileSync(pending, "utf8")).toBe("UPDATE accounts SET balance = 0;\n");
  });

  test("discard moves the plan aside, replacing an older discarded plan", () => {
    writePending(folder, pgGenerated, dialects());
    const { pending, discarded } = pendingPaths(folder);
    writeFileSync(discarded, "older");
    expect(discardPending(folder)).toBe(discarded);
    expect(existsSync(pending)).toBe(false);
    expect(readFileSync(discarded, "utf8")).toBe(writePlan(pgGenerated, dialects()));
    expect(readPending(folder, dialects())).toBeUndefined();
    expect(discardPending(folder)).toBeUndefined();
  });

  test("after a hand-edited plan is discarded, a new plan can be written", () => {
    const path = writePending(folder, pgGenerated, dialects());
    writeFileSync(path, readFileSync(path, "utf8").replace("varchar(3);", "varchar(5);"));
    refusal(() => writePending(folder, sqlitePlan, dialects()));
    discardPending(folder);
    writePending(folder, sqlitePlan, dialects());
    expect(readPending(folder, dialects())).toEqual(sqlitePlan);
  });

  test("an invalid document is refused before anything is written", () => {
    expect(() => writePending(folder, { ...pgGenerated, steps: [] }, dialects())).toThrow();
    expect(existsSync(folder)).toBe(false);
  });
});
