import { assertNever } from "../core/errors.ts";
import type { EventBody } from "./events.ts";
import type { VersionState } from "./fold.ts";

/**
 * A TransitionRefusal says why an event may not follow a stream's state. `unknownVersion` marks
 * the repair case "no migration record has this version" (the caller lists the known ones).
 */
export interface TransitionRefusal {
  readonly reason: string;
  readonly unknownVersion: boolean;
}

/**
 * Decides whether `event` may be appended to a version's stream in state `current`
 * (`undefined`: the stream is empty). Returns `null` when it may, else why not:
 * - `planned` may always start a run (a new one, a retry after a failure or a crash);
 * - `applied` and `failed` conclude an open `planned` run, and need one;
 * - `marked_applied` may be recorded for any version;
 * - `marked_failed` and `removed` need a migration record (a projection row);
 * - `imported` may only start a stream;
 * - `step_applied` records a non-transactional step of an applied run.
 */
export function checkTransition(current: VersionState | undefined, event: EventBody): TransitionRefusal | null {
  switch (event.type) {
    case "planned":
    case "marked_applied":
      return null;
    case "applied":
    case "failed":
      if (current?.openAttempt) return null;
      return {
        reason: `an "${event.type}" event concludes a planned run, but the version has no open planned run (last event: ${current?.lastEventType ?? "none"})`,
        unknownVersion: false,
      };
    case "marked_failed":
    case "removed":
      if (current?.row) return null;
      return {
        reason:
          current?.status === "removed"
            ? "its migration record was already removed"
            : "no migration record has this version",
        unknownVersion: true,
      };
    case "step_applied":
      if (current?.status === "applied" && !current.openAttempt) return null;
      return { reason: "a non-transactional step can only follow an applied run", unknownVersion: false };
    case "imported":
      if (current === undefined) return null;
      return { reason: "an imported row can only start a version's stream", unknownVersion: false };
    default:
      return assertNever(event);
  }
}
