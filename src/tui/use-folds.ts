/**
 * Which steps of the dry-run preview are folded and which one is selected. A new plan (another
 * checksum) starts unfolded with the first step selected.
 */
import { useCallback, useEffect, useState } from "react";
import type { Folds } from "./preview-view.ts";

/** FoldsModel is the fold state and what the keys do to it. */
export interface FoldsModel {
  readonly folds: Folds;
  /** Moves the selection by `delta` steps, within `count` steps. */
  select(delta: number, count: number): void;
  /** Folds or unfolds the selected step. */
  toggle(): void;
  /** Folds every one of `count` steps, or unfolds them all when all are folded. */
  toggleAll(count: number): void;
}

/** The fold state of the preview of the plan with checksum `plan`. */
export function useFolds(plan: string | undefined): FoldsModel {
  const [folds, setFolds] = useState<Folds>({ folded: new Set(), selected: 0 });
  useEffect(() => {
    if (plan !== undefined) setFolds({ folded: new Set(), selected: 0 });
  }, [plan]);
  const select = useCallback((delta: number, count: number) => {
    setFolds((f) => ({ ...f, selected: Math.max(0, Math.min(count - 1, f.selected + delta)) }));
  }, []);
  const toggle = useCallback(() => {
    setFolds((f) => {
      const folded = new Set(f.folded);
      if (!folded.delete(f.selected)) folded.add(f.selected);
      return { ...f, folded };
    });
  }, []);
  const toggleAll = useCallback((count: number) => {
    setFolds((f) => ({
      ...f,
      folded: f.folded.size >= count ? new Set() : new Set(Array.from({ length: count }, (_, k) => k)),
    }));
  }, []);
  return { folds, select, toggle, toggleAll };
}
