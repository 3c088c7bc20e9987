import { didYouMeanHint } from "../core/did-you-mean.ts";
import type { Target } from "./config.ts";
import type { ConfigDialect } from "./target-part.ts";
import type { Block } from "./yaml-block.ts";

/**
 * Reads the target of an environment block: its `adapter` names the dialect (one of `dialects`),
 * whose target part reads the rest (`database`, `url`, the discrete keys …). Errors name the file,
 * line and key.
 */
export function targetFromBlock(block: Block, folder: string, dialects: readonly ConfigDialect[]): Target {
  const labels = dialects.flatMap((d) => d.target.adapterLabels ?? [d.label]);
  const adapterText = block.string("adapter");
  if (adapterText === undefined)
    throw block.error(
      "adapter",
      `is missing; add ${orList(labels.map((label) => `"adapter: ${label}"`))} to this environment`,
    );
  const name = adapterText.trim().toLowerCase();
  const dialect = dialects.find((d) => d.target.adapters.includes(name));
  if (!dialect)
    throw block.error(
      "adapter",
      `unknown adapter "${adapterText}"${didYouMeanHint(adapterText, labels)}; use ${orList(labels)}`,
    );
  return dialect.target.fromBlock(block, folder);
}

/** `a`, `a or b`, `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length <= 2 ? items.join(" or ") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
