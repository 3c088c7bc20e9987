import type { Target } from "../config/config.ts";
import type { Timeouts } from "../config/timeouts.ts";
import type { Driver } from "../core/driver.ts";

/** OpenOptions say how a dialect's driver part opens a target. */
export interface OpenOptions {
  /** Open read-only (SQLite: the file must exist). Default is `false`. */
  readonly readonly?: boolean;
  /** The timeouts pormg's own statements run under (flags or `config:`; absent: the defaults). */
  readonly timeouts?: Timeouts;
}

/**
 * A DriverPart is how a dialect opens a connection (the port its `<d>-driver.ts` implements): the
 * client's own errors propagate, and `openDriver` (`src/driver/connect.ts`) turns them into
 * `CONNECT_FAILED`. Only `openDriver` calls it, so a Driver is opened in one place.
 */
export interface DriverPart {
  /** Opens a Driver for one of the dialect's targets. */
  open(target: Target, options: OpenOptions): Promise<Driver>;
}
