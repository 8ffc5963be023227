import { useEffect, useState } from "preact/hooks";

export const views = ["ask", "corpora", "experiments", "history"] as const;
export type View = (typeof views)[number];

/** Where the console is: a view and what follows it in the location's hash ("#/history/ask_123": history, ask_123). */
export interface Route {
  readonly view: View;
  readonly detail: string | undefined;
}

function parseRoute(hash: string): Route {
  const [name, ...rest] = hash.replace(/^#\/?/, "").split("/");
  const view = views.find((candidate) => candidate === name) ?? "ask";
  const detail = rest.length > 0 ? decodeURIComponent(rest.join("/")) : undefined;
  return { view, detail };
}

/** The link to a view (and a detail in it). */
export function routeHref(view: View, detail?: string): string {
  return detail === undefined ? `#/${view}` : `#/${view}/${encodeURIComponent(detail)}`;
}

/** The current route, following the location's hash. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", follow);
    return () => removeEventListener("hashchange", follow);
  }, []);
  return route;
}
