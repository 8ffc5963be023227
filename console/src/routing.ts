import { useEffect, useState } from "preact/hooks";

export const views = ["ask", "corpora", "experiments", "history"] as const;
export type View = (typeof views)[number];

/** Where the console is: a view and what follows it in the location's hash ("#/history/ask_123": history, ask_123). */
export interface Route {
  readonly view: View;
  readonly detail: string | undefined;
}

/** A detail as the link encoded it; its text as it stands where it is not valid percent-encoding ("%E0%A4%A"). */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parseRoute(hash: string): Route {
  const [name, ...rest] = hash.replace(/^#\/?/, "").split("/");
  const view = views.find((candidate) => candidate === name) ?? "ask";
  const detail = rest.length > 0 ? decoded(rest.join("/")) : undefined;
  return { view, detail };
}

/** Each view's name, as the navigation and the page's title say it. */
export const viewTitles: Record<View, string> = {
  ask: "Ask",
  corpora: "Corpora",
  experiments: "Experiments",
  history: "History",
};

/** The page's title for a route, most specific first: "harbour · Corpora · Recall". */
export function routeTitle(route: Route): string {
  const view = viewTitles[route.view];
  if (route.detail === undefined || route.view === "ask") return `${view} · Recall`;
  return `${route.view === "history" ? "Stored ask" : route.detail} · ${view} · Recall`;
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
