/**
 * The Inspection pane's state: the models (loaded once, as a background task), the query text, and
 * the last inspection or its error. Text becomes a query through `queryFromInspectText` and is
 * compiled by `inspectQuery` (src/query/); nothing runs against the database.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Config } from "../config/config.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { exportedModels, loadModels } from "../model/load-models.ts";
import type { Model } from "../model/types.ts";
import { inspectQuery, type QueryInspection } from "../query/inspect-query.ts";
import { queryFromInspectText } from "../query/inspect-text.ts";
import { modelsFile } from "../use-cases/read-models.ts";
import { completeModel } from "./inspect-view.ts";
import type { Tasks } from "./use-task.ts";

/**
 * Text as typed when several keys arrived in one chunk: backspaces (DEL, BS) delete the character
 * before them; Tab, Enter and other control characters are dropped (the caller acts on them).
 */
export function applyControls(text: string): string {
  const out: string[] = [];
  for (const c of text) {
    if (c === "\u007f" || c === "\b") out.pop();
    else if (c >= " ") out.push(c);
  }
  return out.join("");
}

/** InspectModels are the models to query: a models file's path, or a loaded module's exports. */
export type InspectModels = string | Readonly<Record<string, unknown>>;

/** InspectModel is what the Inspection pane shows and can do. */
export interface InspectModel {
  readonly text: string;
  /** Changes whenever the text is replaced from outside the input (completion), to move the cursor to its end. */
  readonly revision: number;
  readonly names: readonly string[];
  readonly result: QueryInspection | null;
  /** The last error (unknown model or field, bad lookup or value, models that do not load), shown inline. */
  readonly error: unknown;
  /** Model names the last Tab could not decide between. */
  readonly candidates: readonly string[];
  setText(text: string): void;
  submit(): void;
  complete(): void;
}

/** State and actions of the Inspection pane. */
export function useInspect(config: Config, source: InspectModels | undefined, tasks: Tasks): InspectModel {
  const [models, setModels] = useState<Readonly<Record<string, Model>> | null>(null);
  const [text, setTextState] = useState("");
  const [revision, setRevision] = useState(0);
  const [result, setResult] = useState<QueryInspection | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [candidates, setCandidates] = useState<readonly string[]>([]);
  const { run } = tasks;
  const started = useRef(false);
  // Keys can arrive faster than renders: Tab and Enter read the text typed so far from here.
  const textRef = useRef("");
  const setText = useCallback((next: string) => {
    textRef.current = next;
    setTextState(next);
  }, []);
  const pending = useRef<"complete" | "submit" | null>(null);
  // Keys typed faster than the terminal delivers them single arrive as one chunk that the input
  // inserts as text ("Res\t", "…=ham\r"): a Tab or Enter inside it still completes or submits.
  const onChange = useCallback(
    (next: string) => {
      const cleaned = applyControls(next);
      setText(cleaned);
      if (cleaned !== next) {
        if (/[\r\n]/.test(next)) pending.current = "submit";
        else if (next.includes("\t")) pending.current = "complete";
        setRevision((r) => r + 1);
      }
    },
    [setText],
  );

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void run("load models", async () => {
      if (source !== undefined && typeof source !== "string") return exportedModels(source);
      const file = source ?? modelsFile(config).file;
      return (await loadModels(file, dialectNamed(config.dialect))).models;
    }).then((r) => {
      if (!r) return;
      if (r.ok) setModels(r.value);
      else setError(r.error);
    });
  }, [config, source, run]);

  const names = models ? Object.keys(models).sort() : [];
  const submit = useCallback(() => {
    setCandidates([]);
    if (!models) {
      setError(error ?? new Error("The models are still loading; try again in a moment."));
      return;
    }
    const current = textRef.current;
    if (current.trim() === "") return;
    try {
      setResult(inspectQuery(queryFromInspectText(current, models, dialectNamed(config.dialect))));
      setError(undefined);
    } catch (e) {
      setResult(null);
      setError(e);
    }
  }, [models, config.dialect, error]);

  const complete = useCallback(() => {
    const current = textRef.current;
    const next = completeModel(current, names);
    setCandidates(next.candidates);
    if (next.text !== current) {
      setText(next.text);
      setRevision((r) => r + 1);
    }
  }, [names, setText]);

  useEffect(() => {
    const action = pending.current;
    pending.current = null;
    if (action === "complete") complete();
    if (action === "submit") submit();
  });

  return {
    text,
    revision,
    names,
    result,
    error,
    candidates,
    setText: onChange,
    submit,
    complete,
  };
}
