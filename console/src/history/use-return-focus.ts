import { useEffect, useRef } from "preact/hooks";

/**
 * Once the list is `ready`, moves the focus to the visible link of the ask the person came back from (`askId`), so
 * that the keyboard carries on where it left; once only, and not at all when there is none.
 */
export function useReturnFocus(askId: string | undefined, ready: boolean): void {
  const done = useRef(false);
  useEffect(() => {
    if (done.current || askId === undefined || !ready) return;
    done.current = true;
    const links = [...document.querySelectorAll<HTMLAnchorElement>("a[data-ask]")];
    links.find((link) => link.dataset.ask === askId && link.offsetParent !== null)?.focus();
  }, [askId, ready]);
}
