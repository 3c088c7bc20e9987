import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config, Target } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { isPormgError } from "../core/errors.ts";
import { connect, targetExists } from "../dialect/connect.ts";
import { assertExtensionsAvailable } from "../dialect/postgres/postgres-extensions.ts";
import { postgresSql } from "../dialect/postgres/postgres-sql.ts";
import { quoteLiteral } from "../dialect/sqlite/sqlite-ddl.ts";
import type { DiffDialect } from "../diff/diff-dialect.ts";
import { schemaDifferences } from "../diff/differences.ts";
import { alignModels } from "../introspect/align-models.ts";
import { introspect } from "../introspect/introspect.ts";
import type { IntrospectDialect } from "../introspect/introspector.ts";
import type { AlignDialect } from "../schema/align-names.ts";
import type { Difference } from "../schema/describe.ts";
import type { Schema } from "../schema/ir.ts";
import type { PlanStep } from "../schema/operation.ts";
import { splitStatements } from "../sql/split-statements.ts";
import { isComment, isKeyword } from "../sql/tokenize.ts";
import { withoutTables } from "../use-cases/read-state.ts";
import { type ExecuteOptions, executeInTransaction, executePlan } from "./execute-plan.ts";
import { connectReadonly } from "./open-readonly.ts";

/** VerifyOptions say which part of the database the plan manages, and the timeouts it runs under. */
export interface VerifyOptions {
  /** The target's dialect: how its schema is read back and its expressions printed. */
  readonly dialect: IntrospectDialect & DiffDialect & AlignDialect;
  /** The PostgreSQL schema the plan runs in and introspection reads. Default is `public`. */
  readonly schema?: string;
  /** Table-name prefixes introspection skips (the connection's `ignore_tables`). */
  readonly ignoreTables?: readonly string[];
  /** Tables of `managed: false` models, left out of the comparison. */
  readonly unmanagedTables?: readonly string[];
  readonly lockTimeoutSeconds?: number;
  readonly statementTimeoutSeconds?: number;
  /** PostgreSQL extensions created before the steps, as `migrate` does (the connection's `extensions:`). */
  readonly extensions?: readonly string[];
}

/** A VerifyFailure names the first statement (or rebuild check) of the plan that failed, 0-based. */
export interface VerifyFailure {
  readonly stepIndex: number;
  readonly label: string;
  readonly sql: string;
  readonly error: string;
  readonly code?: string;
  readonly line?: number;
  readonly column?: number;
}

/** How `verify` treated a step that cannot run inside a transaction (PostgreSQL only). */
export interface VerifiedNonTransactional {
  readonly stepIndex: number;
  readonly label: string;
  /** `rewritten`: run in the transaction without `CONCURRENTLY`; `skipped`: not run at all. */
  readonly how: "rewritten" | "skipped";
}

/** A VerifyReport is what `dry-run --verify` found by actually running the plan. */
export interface VerifyReport {
  /** The plan ran without error and the result matches the models. */
  readonly ok: boolean;
  readonly failedStatement?: VerifyFailure;
  /** How the result differs from the models; empty when it matches (or when a statement failed). */
  readonly differences: readonly Difference[];
  /** Statements executed (0 when one failed). */
  readonly statements: number;
  readonly nonTransactional: readonly VerifiedNonTransactional[];
  readonly durationMs: number;
}

/** Thrown inside the verify transaction to roll it back, whatever happened. */
class RollbackSentinel extends Error {}

/**
 * Runs a plan for real and checks the result against the models, without changing the database:
 * on PostgreSQL inside a transaction that is always rolled back; on SQLite on a temporary copy of
 * the file (`VACUUM INTO`, the original opened read-only), deleted afterwards. A failing statement
 * is reported (not thrown); connection and usage errors are thrown.
 */
export async function verifyPlan(
  target: Target | Config,
  steps: readonly PlanStep[],
  expected: Schema,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const started = performance.now();
  const resolved = "target" in target ? target.target : target;
  if ("settings" in target)
    options = {
      ...(target.settings.lockTimeoutSeconds !== undefined && {
        lockTimeoutSeconds: target.settings.lockTimeoutSeconds,
      }),
      ...(target.settings.statementTimeoutSeconds !== undefined && {
        statementTimeoutSeconds: target.settings.statementTimeoutSeconds,
      }),
      ...options,
    };
  const outcome =
    resolved.dialect === "postgresql"
      ? await verifyPostgres(target, steps, expected, options)
      : await verifySqlite(target, resolved, steps, expected, options);
  return {
    ...outcome,
    ok: !outcome.failedStatement && outcome.differences.length === 0,
    durationMs: performance.now() - started,
  };
}

type Outcome = Omit<VerifyReport, "ok" | "durationMs">;

function executeOptions(options: VerifyOptions): ExecuteOptions {
  return {
    ...(options.lockTimeoutSeconds !== undefined && { lockTimeoutSeconds: options.lockTimeoutSeconds }),
    ...(options.statementTimeoutSeconds !== undefined && { statementTimeoutSeconds: options.statementTimeoutSeconds }),
    ...(options.extensions !== undefined && { extensions: options.extensions }),
  };
}

/**
 * How the database behind `driver` (the plan applied) differs from `expected`, expressions aligned
 * on this very connection (inside the plan's transaction on PostgreSQL, so types the plan created
 * are there), and not cached: what it sees is rolled back.
 */
async function differencesOf(driver: Driver, expected: Schema, options: VerifyOptions): Promise<Difference[]> {
  const schema = options.schema ?? "public";
  const live = await introspect(driver, options.dialect, {
    schema,
    ...(options.ignoreTables !== undefined && { ignoreTables: options.ignoreTables }),
  });
  const managed = withoutTables(live.schema, options.unmanagedTables ?? []);
  const aligned = await alignModels(driver, options.dialect, expected, managed, {
    schema,
    ...(options.extensions !== undefined && { extensions: options.extensions }),
  });
  return schemaDifferences(aligned, managed, options.dialect);
}

/** The VerifyFailure of a STATEMENT_FAILED error, or undefined for any other error. */
function failureOf(error: unknown, steps: readonly PlanStep[]): VerifyFailure | undefined {
  if (!isPormgError(error, "STATEMENT_FAILED")) return undefined;
  const d = error.details as Partial<VerifyFailure>;
  const stepIndex = typeof d.stepIndex === "number" ? d.stepIndex : 0;
  return {
    stepIndex,
    label: d.label ?? steps[stepIndex]?.label ?? "",
    sql: d.sql ?? steps[stepIndex]?.sql ?? "",
    error: d.error ?? error.message,
    ...(d.code !== undefined && { code: d.code }),
    ...(d.line !== undefined && { line: d.line }),
    ...(d.column !== undefined && { column: d.column }),
  };
}

/**
 * The in-transaction stand-in for a non-transactional PostgreSQL step: its `CREATE [UNIQUE] INDEX
 * CONCURRENTLY` / `DROP INDEX CONCURRENTLY` statements without `CONCURRENTLY` (same schema effect),
 * or null when any statement is something else.
 */
export function withoutConcurrently(step: PlanStep): PlanStep | null {
  let sql = "";
  let from = 0;
  for (const statement of splitStatements(step.sql, postgresSql)) {
    const code = statement.tokens.filter((t) => !isComment(t));
    const at = code.findIndex((t) => isKeyword(t, "CONCURRENTLY"));
    const index = code[at - 1];
    const head = code[0];
    const create = isKeyword(head, "CREATE") && (at === 3 ? isKeyword(code[1], "UNIQUE") : at === 2);
    const drop = isKeyword(head, "DROP") && at === 2;
    const token = code[at];
    if (!token || !isKeyword(index, "INDEX") || !(create || drop)) return null;
    sql += step.sql.slice(from, token.start);
    from = token.end;
  }
  sql += step.sql.slice(from);
  return { ...step, sql, transactional: true };
}

async function verifyPostgres(
  target: Target | Config,
  steps: readonly PlanStep[],
  expected: Schema,
  options: VerifyOptions,
): Promise<Outcome> {
  const nonTransactional: VerifiedNonTransactional[] = [];
  const runnable = steps.map((step, stepIndex) => {
    if (step.transactional) return step;
    const rewritten = withoutConcurrently(step);
    nonTransactional.push({ stepIndex, label: step.label, how: rewritten ? "rewritten" : "skipped" });
    return rewritten ?? step; // still non-transactional: executeInTransaction leaves it out
  });
  const driver = await connect(target);
  let outcome: Outcome | undefined;
  try {
    await assertExtensionsAvailable(driver, options.extensions ?? []);
    await driver.transaction(async (tx) => {
      try {
        const schema = options.schema ?? "public";
        const report = await executeInTransaction(tx, runnable, { ...executeOptions(options), schema });
        outcome = {
          statements: report.statements,
          differences: await differencesOf(tx, expected, options),
          nonTransactional,
        };
      } catch (error) {
        const failedStatement = failureOf(error, steps);
        if (!failedStatement) throw error;
        outcome = { failedStatement, statements: 0, differences: [], nonTransactional };
      }
      throw new RollbackSentinel();
    });
  } catch (error) {
    if (!(error instanceof RollbackSentinel)) throw error;
  } finally {
    await driver.close();
  }
  return outcome as Outcome;
}

async function verifySqlite(
  target: Target | Config,
  resolved: Target,
  steps: readonly PlanStep[],
  expected: Schema,
  options: VerifyOptions,
): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), "pormg-verify-"));
  const copy = join(dir, "verify.db");
  try {
    if (targetExists(resolved)) {
      const source = await connectReadonly(target);
      try {
        await source.execute(`VACUUM INTO ${quoteLiteral(copy)}`);
      } finally {
        await source.close();
      }
    }
    const driver = await connect({ dialect: "sqlite", path: copy });
    try {
      try {
        const report = await executePlan(driver, steps, executeOptions(options));
        return {
          statements: report.statements,
          differences: await differencesOf(driver, expected, options),
          nonTransactional: [],
        };
      } catch (error) {
        const failedStatement = failureOf(error, steps);
        if (!failedStatement) throw error;
        return { failedStatement, statements: 0, differences: [], nonTransactional: [] };
      }
    } finally {
      await driver.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
