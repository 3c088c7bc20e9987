import { plugin } from "bun";

const provided = new Set<string>();

/** Registers a Bun runtime plugin whose virtual module `name` has the given exports. */
export function provideModule(name: string, exports: Record<string, unknown>): void {
  if (provided.has(name)) return;
  provided.add(name);
  plugin({
    name: `pormg:${name}`,
    setup(build) {
      build.module(name, () => ({ exports, loader: "object" }));
    },
  });
}
