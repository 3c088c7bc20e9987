/**
 * Who holds the migration lock, as `status` and LOCK_TIMEOUT messages show it. Reading it is the
 * dialect's (`LockPart.holder`; PostgreSQL reads `pg_locks`), describing it is shared.
 */

/** A LockHolder is the session that holds the migration lock (a PostgreSQL backend), as `status` shows it. */
export interface LockHolder {
  /** The holder's backend process id (`pg_stat_activity.pid`). */
  readonly pid: number;
  /** Its `application_name`; pormg sets `pormg/<version> <user>@<host>:<pid>`. `null` when not visible. */
  readonly applicationName: string | null;
  /** The client's IP address; `null` for a Unix-socket connection or when not visible. */
  readonly clientAddr: string | null;
  /**
   * Since when, as ISO 8601 UTC: when the holder's connection last went idle (for pormg's dedicated
   * lock connection, which does nothing after taking the lock, that is the moment it took it),
   * otherwise when it connected. PostgreSQL does not record when a lock was granted. `null` when not visible.
   */
  readonly since: string | null;
}

/**
 * Describes a holder for messages: `pid 48213 (pormg/0.1.0 deploy@web-2:4411) from 10.0.0.7 since
 * 2026-11-29T15:30:00Z`, leaving out what PostgreSQL did not show. Pure.
 */
export function describeHolder(holder: LockHolder): string {
  const parts = [`pid ${holder.pid}`];
  if (holder.applicationName === null && holder.clientAddr === null && holder.since === null)
    return `${parts[0]} (its details are not visible to this database role)`;
  parts.push(holder.applicationName ? `(${holder.applicationName})` : "(no application_name)");
  parts.push(holder.clientAddr ? `from ${holder.clientAddr}` : "from a local socket");
  if (holder.since) parts.push(`since ${holder.since}`);
  return parts.join(" ");
}
