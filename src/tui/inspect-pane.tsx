/**
 * The Inspection pane: a query input (`Model field=value …`), then the inspected query — model,
 * operation, dialect, bucketing, parameters, SQLite buckets and the SQL — or the error, inline.
 */
import { Box, Text } from "ink";
import TextInput from "ink-text-input";
import { inspectionLines } from "./inspect-view.ts";
import { type Line, line, wrapLines } from "./lines.ts";
import { LinesView, sectionTitle } from "./lines-view.tsx";
import { errorLine } from "./migrations-view.ts";
import type { InspectModel } from "./use-inspect.ts";

/** The result's lines (wrapped to `width`): what the scroll keys move over. */
export function inspectLines(model: InspectModel, width: number): Line[] {
  const out: Line[] = [];
  if (model.candidates.length > 0) out.push(line(`Models: ${model.candidates.join("  ")}`, "warn"));
  if (model.error !== undefined) out.push(errorLine("✗", model.error));
  if (model.result) out.push(...inspectionLines(model.result));
  else if (model.error === undefined)
    out.push(
      line("Type a model and filters, then Enter:  e.g. Result race__year=2024 driver__surname__@icontains=ham", "dim"),
      line(
        "Lookups: field=v, field__@gt/@gte/@lt/@lte/@ne/@in/@nin/@range/@isnull/@contains/@icontains/@startswith/… ; foreign keys: race__circuit__country",
        "dim",
      ),
      line(`Models (Tab completes): ${model.names.join(", ") || "loading…"}`, "dim"),
    );
  return wrapLines(out, width);
}

/** Props of {@link InspectPane}. */
export interface InspectPaneProps {
  readonly model: InspectModel;
  readonly width: number;
  readonly height: number;
  readonly scroll: number;
  /** The input has the keyboard (see keys.ts). */
  readonly focused: boolean;
}

/** The Inspection pane. */
export function InspectPane({ model, width, height, scroll, focused }: InspectPaneProps) {
  const lines = inspectLines(model, width);
  const rows = height - 2;
  return (
    <Box flexDirection="column" height={height}>
      <Box height={1}>
        <Text color={focused ? "cyan" : "gray"}>{"query> "}</Text>
        <TextInput
          key={model.revision}
          value={model.text}
          onChange={model.setText}
          onSubmit={model.submit}
          focus={focused}
          showCursor={focused}
          placeholder={focused ? "Model field=value …" : "press i to type a query"}
        />
      </Box>
      <LinesView lines={[sectionTitle("Inspection", scroll, rows, lines.length)]} height={1} />
      <LinesView lines={lines} offset={scroll} height={rows} />
    </Box>
  );
}
