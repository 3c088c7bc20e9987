import type { EnvironmentErrorCode, ErrorShape, ErrorsPart } from "../../apply/environment-errors.ts";

const SQLSTATES: Readonly<Record<string, EnvironmentErrorCode>> = {
  "53100": "DISK_FULL", // disk_full
  "25006": "READ_ONLY", // read_only_sql_transaction (a standby, default_transaction_read_only)
  "42501": "PERMISSION_DENIED", // insufficient_privilege
  "57P01": "CONNECT_LOST", // admin_shutdown (pg_terminate_backend)
  "57P02": "CONNECT_LOST", // crash_shutdown
  "57P03": "CONNECT_LOST", // cannot_connect_now
  "08000": "CONNECT_LOST",
  "08003": "CONNECT_LOST",
  "08006": "CONNECT_LOST",
  // the postgres client: the server closed the connection
  CONNECTION_CLOSED: "CONNECT_LOST",
  CONNECTION_ENDED: "CONNECT_LOST",
  CONNECTION_DESTROYED: "CONNECT_LOST",
};

/** PostgreSQL's environment failures: by SQLSTATE, and the `postgres` client's connection codes. */
export const postgresErrors: ErrorsPart = {
  environmentCode(error) {
    const code = (error as ErrorShape | null)?.code;
    return typeof code === "string" ? SQLSTATES[code] : undefined;
  },
};
