/**
 * The Migrations pane's state and actions: refresh (status), init, dry-run, dry-run --verify and
 * migrate, each through the same use-cases as the CLI and `Migrations` as a background task. Migrate asks the person
 * through migrate's own `confirm` hook, so the confirmation names exactly what the plan being
 * applied will drop, and nothing runs unless they say yes.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Config } from "../config/config.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { type DryRunResult, dryRun as dryRunPlan } from "../use-cases/dry-run.ts";
import { initMigrations } from "../use-cases/history-ops.ts";
import { migrate as migrateDatabase } from "../use-cases/migrate.ts";
import { status as readStatus, type StatusResult } from "../use-cases/status.ts";
import { type Line, line } from "./lines.ts";
import { dryRunMessage, errorLine, migrateFailureLine, migrateOutcomeLine } from "./migrations-view.ts";
import type { Tasks } from "./use-task.ts";

/** MigrationsModel is what the Migrations pane shows and can do. */
export interface MigrationsModel {
  readonly status: StatusResult | null;
  readonly statusError: Line | null;
  readonly preview: DryRunResult | null;
  readonly previewError: Line | null;
  /** Messages, oldest first. */
  readonly log: readonly Line[];
  /** What a destructive plan drops, while migrate waits for the answer. */
  readonly confirming: readonly string[] | null;
  refresh(): void;
  init(): void;
  dryRun(verify: boolean): void;
  migrate(): void;
  /** Answers the destructive confirmation. */
  answer(yes: boolean): void;
}

const LOG_SIZE = 50;

/** State and actions of the Migrations pane; `journal` receives every change made to the database. */
export function useMigrations(config: Config, tasks: Tasks, journal: (text: string) => void): MigrationsModel {
  const [status, setStatus] = useState<StatusResult | null>(null);
  const [statusError, setStatusError] = useState<Line | null>(null);
  const [preview, setPreview] = useState<DryRunResult | null>(null);
  const [previewError, setPreviewError] = useState<Line | null>(null);
  const [log, setLog] = useState<readonly Line[]>([line("Loading migration status…", "dim")]);
  const [confirming, setConfirming] = useState<readonly string[] | null>(null);
  const answerRef = useRef<((yes: boolean) => void) | null>(null);
  const { run, isRunning } = tasks;
  const say = useCallback((l: Line) => setLog((old) => [...old, l].slice(-LOG_SIZE)), []);

  const refresh = useCallback(
    async (quiet = false) => {
      const r = await run("status", () => readStatus(config));
      if (!r) return;
      if (r.ok) {
        setStatus(r.value);
        setStatusError(null);
        if (!quiet) say(line("Status loaded."));
      } else {
        setStatusError(errorLine("Status failed:", r.error));
        say(errorLine("Status failed:", r.error));
      }
    },
    [config, run, say],
  );

  const dryRun = useCallback(
    async (verify: boolean, quiet = false) => {
      const r = await run(verify ? "dry-run --verify" : "dry-run", () => dryRunPlan(config, { verify }));
      if (!r) return;
      if (r.ok) {
        setPreview(r.value);
        setPreviewError(null);
        if (!quiet) say(dryRunMessage(r.value));
      } else {
        const failed = errorLine(verify ? "Verify failed:" : "Dry run failed:", r.error);
        setPreviewError(failed);
        say(failed);
      }
    },
    [config, run, say],
  );

  const init = useCallback(async () => {
    if (isRunning("migrate")) return say(line("Wait for migrate to finish.", "warn"));
    const r = await run("init", () => initMigrations(config));
    if (!r) return;
    if (r.ok) {
      const v = r.value;
      const done = [
        v.createdEvents && "created pormg_migration_events",
        v.createdProjection && "created pormg_migrations",
        v.adopted > 0 && `adopted ${v.adopted} PormG row(s)`,
      ].filter(Boolean);
      const text = done.length ? `History ready: ${done.join(", ")}.` : "History ready: nothing to do.";
      say(line(text, "good"));
      if (done.length) journal(text);
    } else say(errorLine("Init failed:", r.error));
    await refresh(true);
  }, [config, run, isRunning, say, journal, refresh]);

  const migrate = useCallback(async () => {
    if (isRunning("init")) return say(line("Wait for init to finish.", "warn"));
    if (isRunning("migrate")) return say(line("Migrate is already running.", "warn"));
    say(line("Migrating…", "dim"));
    const confirm = (items: readonly string[]) =>
      new Promise<boolean>((resolve) => {
        answerRef.current = resolve;
        setConfirming(items);
      });
    const r = await run("migrate", () =>
      migrateDatabase(config, { confirm, onNotice: (message) => say(line(message, "dim")) }),
    );
    if (!r) return;
    if (r.ok) {
      const l = migrateOutcomeLine(r.value, config.env);
      say(l);
      if (r.value.outcome === "applied") {
        journal(l.text);
        setPreview(null); // the preview showed the plan just applied: never leave it on screen as pending
      }
    } else {
      say(errorLine("✗ Migrate refused:", r.error));
      say(migrateFailureLine(r.error, !dialectNamed(config.dialect).capabilities.transactionalDdl));
    }
    // Show what the database looks like now, without pushing the outcome out of view.
    await refresh(true);
    await dryRun(false, true);
  }, [config, run, isRunning, say, journal, refresh, dryRun]);

  const answer = useCallback((yes: boolean) => {
    const resolve = answerRef.current;
    answerRef.current = null;
    setConfirming(null);
    resolve?.(yes);
  }, []);

  // Load everything once at start; decline a pending question when the dashboard closes.
  const started = useRef(false);
  useEffect(() => {
    if (!started.current) {
      started.current = true;
      void refresh().then(() => dryRun(false));
    }
    return () => answerRef.current?.(false);
  }, [refresh, dryRun]);

  return {
    status,
    statusError,
    preview,
    previewError,
    log,
    confirming,
    refresh: () => void refresh(),
    init: () => void init(),
    dryRun: (verify) => void dryRun(verify),
    migrate: () => void migrate(),
    answer,
  };
}
