import { Argument, Option } from "commander";
import { isPormgError, PormgError } from "../../src/core/errors.ts";
import {
  historyHead,
  initMigrations,
  listEvents,
  markMigrationApplied,
  markMigrationFailed,
  rebuildMigrationProjection,
  removeMigrationRecord,
  verifyMigrationHistory,
} from "../../src/use-cases/history-ops.ts";
import type { Context } from "../context.ts";
import { readFlagFile } from "../flags.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

const reasonOption = () => new Option("--reason <text>", "why, recorded in the history event").default("");
/** The actions of `pormg history`. */
const HISTORY_ACTIONS = ["list", "verify", "head", "rebuild"] as const;
const versionArgument = () =>
  new Argument("<version>", "the plan's version, 17 digits (its file name in migrations/ starts with it)");

/** `pormg init`: bootstraps the history tables (adopting a PormG-made pormg_migrations); idempotent. */
export const initCommand: CommandSpec = {
  name: "init",
  summary: "create the history tables (adopting an existing PormG pormg_migrations); idempotent",
  run: async (ctx: Context): Promise<CommandResult> => {
    const result = await initMigrations(ctx.config());
    const done = [
      result.createdEvents && "created pormg_migration_events",
      result.createdProjection && "created pormg_migrations",
      result.adopted > 0 && `adopted ${result.adopted} PormG row(s) as imported events`,
      result.restoredTriggers &&
        "restored the append-only triggers of pormg_migration_events (they were missing or off)",
    ].filter(Boolean);
    return {
      schema: "pormg.init/1",
      data: { ...result },
      human: done.length ? `History ready: ${done.join(", ")}.` : "History ready: nothing to do.",
    };
  },
};

/** `pormg history [list|verify|head|rebuild]`: the event log, its verification and head, and the projection rebuild. */
export const historyCommand: CommandSpec = {
  name: "history",
  summary:
    "list the event log; verify re-checks the hash chain and projection; head prints the head hash; rebuild rewrites pormg_migrations",
  arguments: () => [new Argument("[action]", "what to do").choices(HISTORY_ACTIONS).default("list")],
  options: () => [
    new Option("--expect <hash>", "verify: refuse unless the log leads to this head hash (from `history head`)"),
  ],
  run: async (ctx: Context): Promise<CommandResult> => {
    const action = ctx.args[0] ?? "list";
    const config = ctx.config();
    if (action === "list") {
      const events = await listEvents(config);
      const lines = events.map(
        (e) => `${String(e.id).padStart(5)}  ${e.occurredAt}  ${e.version}#${e.seq}  ${e.type.padEnd(14)} ${e.actor}`,
      );
      return {
        schema: "pormg.history/1",
        data: {
          events: events.map((e) => ({
            id: e.id,
            version: e.version,
            seq: e.seq,
            type: e.type,
            occurredAt: e.occurredAt,
            actor: e.actor,
            payload: e.payload,
            hash: e.hash,
          })),
        },
        human: lines.length ? lines.join("\n") : "The event log is empty.",
      };
    }
    if (action === "head") {
      const head = await historyHead(config);
      return {
        schema: "pormg.history-head/1",
        data: head,
        human:
          head.id === null
            ? `${head.head}  (the event log is empty)`
            : `${head.head}  (event ${head.id}, version ${head.version}; ${head.events} event(s))`,
      };
    }
    if (action === "verify") {
      const expect = ctx.options.expect as string | undefined;
      try {
        const result = await verifyMigrationHistory(config, expect === undefined ? {} : { expect });
        return {
          schema: "pormg.history-verify/1",
          data: {
            ok: result.ok,
            events: result.events,
            firstBad: result.firstBad,
            head: result.head,
            ...(result.unadoptedRows !== undefined && { unadoptedRows: result.unadoptedRows }),
          },
          human:
            result.unadoptedRows !== undefined
              ? `No event log yet: pormg_migrations holds ${result.unadoptedRows} row(s) of a PormG history, which \`pormg init\` (or the next migrate) adopts.`
              : `History verifies: ${result.events} event(s), hash chain, projection and append-only triggers intact; head ${result.head}` +
                `${expect === undefined ? "." : ", which leads to the expected head."}`,
        };
      } catch (error) {
        // A tampered history is the command's answer, not a crash: the same document, ok false.
        if (!isPormgError(error, "HISTORY_TAMPERED")) throw error;
        const { events, firstBad, head } = error.details as { events?: number; firstBad?: unknown; head?: string };
        return {
          schema: "pormg.history-verify/1",
          data: { ok: false, events: events ?? 0, firstBad: firstBad ?? null, head: head ?? null },
          human: "The history does not verify.",
          error,
          exitCode: error.exitCode,
        };
      }
    }
    if (action === "rebuild") {
      const result = await rebuildMigrationProjection(config);
      return {
        schema: "pormg.history-rebuild/1",
        data: { ...result },
        human: `Rebuilt pormg_migrations from the log: ${result.rows} row(s), ${result.changed.length} changed.`,
      };
    }
    throw new PormgError("USAGE", `unknown history action "${action}"; use list, verify, head or rebuild`);
  },
};

/** `pormg mark-applied VERSION NAME (--sql-file FILE | --checksum HEX)`. */
export const markAppliedCommand: CommandSpec = {
  name: "mark-applied",
  summary: "record a version as applied without running it (repair)",
  arguments: () => [versionArgument(), new Argument("<name>", "the plan's name (its pormg-name header)")],
  options: () => [
    new Option("--sql-file <file>", "the migration's SQL (the checksum is computed from it)"),
    new Option("--checksum <hex>", "the checksum, when the SQL is not at hand"),
    reasonOption(),
  ],
  run: async (ctx: Context): Promise<CommandResult> => {
    const [version = "", name = ""] = ctx.args;
    const file = ctx.options.sqlFile as string | undefined;
    const checksum = ctx.options.checksum as string | undefined;
    if ((file === undefined) === (checksum === undefined))
      throw new PormgError("USAGE", "mark-applied takes exactly one of --sql-file FILE or --checksum HEX");
    const event = await markMigrationApplied(ctx.config(), {
      version,
      name,
      reason: String(ctx.options.reason),
      ...(file !== undefined && { sqlContent: readFlagFile("--sql-file", file) }),
      ...(checksum !== undefined && { checksum }),
    });
    return repaired("pormg.mark-applied/1", event, `Marked version ${version} as applied.`);
  },
};

/** `pormg mark-failed VERSION`. */
export const markFailedCommand: CommandSpec = {
  name: "mark-failed",
  summary: "record a version as failed (repair)",
  arguments: () => [versionArgument()],
  options: () => [reasonOption()],
  run: async (ctx: Context): Promise<CommandResult> => {
    const version = ctx.args[0] ?? "";
    const event = await markMigrationFailed(ctx.config(), { version, reason: String(ctx.options.reason) });
    return repaired("pormg.mark-failed/1", event, `Marked version ${version} as failed.`);
  },
};

/** `pormg remove VERSION`. */
export const removeCommand: CommandSpec = {
  name: "remove",
  summary: "remove a version's record from pormg_migrations; its events stay (repair)",
  arguments: () => [versionArgument()],
  options: () => [reasonOption()],
  run: async (ctx: Context): Promise<CommandResult> => {
    const version = ctx.args[0] ?? "";
    const event = await removeMigrationRecord(ctx.config(), { version, reason: String(ctx.options.reason) });
    return repaired("pormg.remove/1", event, `Removed migration record for version ${version}.`);
  },
};

function repaired(
  schema: string,
  event: { id: number; type: string; version: string; actor: string },
  human: string,
): CommandResult {
  return {
    schema,
    data: { event: { id: event.id, type: event.type, version: event.version, actor: event.actor } },
    human,
  };
}
