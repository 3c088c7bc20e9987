import { connectReadonly } from "../apply/open-readonly.ts";
import { openTarget } from "../apply/open-target.ts";
import type { OpenTargetOptions } from "../apply/session.ts";
import type { Config } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { dialectNamed } from "../dialect/dialect.ts";

/** A working connection to the configured database, scoped by its dialect (`openTarget`). The caller closes it. */
export function openConfigured(config: Config, options: OpenTargetOptions = {}): Promise<Driver> {
  return openTarget(config, dialectNamed(config.dialect), options);
}

/** A connection for commands that only read (`connectReadonly`, by the configured dialect). The caller closes it. */
export function openConfiguredReadonly(config: Config): Promise<Driver> {
  return connectReadonly(config, dialectNamed(config.dialect));
}
