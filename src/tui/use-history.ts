/**
 * The History pane's state: the event log (`listEvents`) and the `history verify` result
 * (`verifyMigrationHistory`), loaded through the library as one background task.
 */
import { useCallback, useState } from "react";
import type { Config } from "../config/config.ts";
import { targetExists } from "../dialect/connect.ts";
import type { HistoryEvent } from "../history/events.ts";
import type { VerifyResult } from "../history/verify-history.ts";
import { listEvents, verifyMigrationHistory } from "../use-cases/history-ops.ts";
import type { Tasks } from "./use-task.ts";

/** HistoryModel is what the History pane shows and can do. */
export interface HistoryModel {
  /** `null` until loaded; also `null` when the database does not exist yet. */
  readonly events: readonly HistoryEvent[] | null;
  readonly verify: VerifyResult | null;
  /** Why verification (or loading) failed; `undefined` when it did not. */
  readonly error: unknown;
  /** The database file does not exist yet (SQLite), so there is no history to read. */
  readonly missing: boolean;
  load(): void;
}

/** State and actions of the History pane. */
export function useHistory(config: Config, tasks: Tasks): HistoryModel {
  const [events, setEvents] = useState<readonly HistoryEvent[] | null>(null);
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [missing, setMissing] = useState(false);
  const { run } = tasks;
  const load = useCallback(async () => {
    // Opening a SQLite file that does not exist would create it: reading history never does that.
    if (!targetExists(config.target)) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const r = await run("history", async () => {
      const log = await listEvents(config);
      try {
        return { log, verified: await verifyMigrationHistory(config), failure: undefined };
      } catch (failure) {
        return { log, verified: null, failure };
      }
    });
    if (!r) return;
    if (r.ok) {
      setEvents(r.value.log);
      setVerify(r.value.verified);
      setError(r.value.failure);
    } else {
      setEvents([]);
      setVerify(null);
      setError(r.error);
    }
  }, [config, run]);
  return { events, verify, error, missing, load: () => void load() };
}
