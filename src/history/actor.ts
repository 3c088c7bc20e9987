import { VERSION } from "../core/version.ts";
import { actorName } from "../driver/connect.ts";

/** The actor pormg records on history events by default: `user@host:pid pormg/<version>`. */
export function defaultActor(): string {
  return `${actorName()} pormg/${VERSION}`;
}
