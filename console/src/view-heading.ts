import { useEffect, useRef } from "preact/hooks";

/**
 * Moves the focus to the view's heading, where the keyboard and a screen reader carry on once the view has changed
 * under them. Each view's h1 takes it (tabIndex -1: focusable by script, not a tab stop).
 */
export function focusViewHeading(): void {
  document.querySelector<HTMLElement>("#main h1")?.focus();
}

/** Focuses the view's heading each time `change` changes, but not as the page opens. */
export function useHeadingFocus(change: unknown): void {
  const opening = useRef(true);
  useEffect(() => {
    if (opening.current) {
      opening.current = false;
      return;
    }
    focusViewHeading();
  }, [change]);
}
