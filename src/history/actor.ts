import { actorName } from "../driver/connect.ts";
import { VERSION } from "../version.ts";

/** The actor pormg records on history events by default: `user@host:pid pormg/<version>`. */
export function defaultActor(): string {
  return `${actorName()} pormg/${VERSION}`;
}
