import { useEffect, useMemo, useState } from "preact/hooks";
import { KeyForm } from "./components/key-form.tsx";
import { ViewBoundary } from "./components/view-boundary.tsx";
import { KeyContext, type KeyState } from "./key-context.ts";
import { routeHref, routeTitle, useRoute, type View, viewTitles } from "./routing.ts";
import { useHeadingFocus } from "./view-heading.ts";
import { AskView } from "./views/ask-view.tsx";
import { CorporaView } from "./views/corpora-view.tsx";
import { ExperimentsView } from "./views/experiments-view.tsx";
import { HistoryView } from "./views/history-view.tsx";

/**
 * The console: a view per task, chosen in the navigation; the API key form when a request needs one. A route change
 * names the page and moves the focus to the view's heading, and so does a key entered (the views read again).
 */
export function App() {
  const route = useRoute();
  const [keyNeeded, setKeyNeeded] = useState<string | undefined>(undefined);
  const [keyVersion, setKeyVersion] = useState(0);
  const [editingKey, setEditingKey] = useState(false);
  // One value per key version, so that the views' hooks that depend on it run again only when the key changes.
  const keyContext = useMemo<KeyState>(() => ({ version: keyVersion, needKey: setKeyNeeded }), [keyVersion]);
  useEffect(() => {
    document.title = routeTitle(route);
  }, [route]);
  useHeadingFocus(route);
  useHeadingFocus(keyVersion);
  const showKeyForm = keyNeeded !== undefined || editingKey;
  return (
    <KeyContext.Provider value={keyContext}>
      <header class="top">
        <a class="brand" href={routeHref("ask")}>
          Recall
        </a>
        <nav aria-label="Console">
          <ul>
            {(Object.keys(viewTitles) as View[]).map((view) => (
              <li key={view}>
                <a href={routeHref(view)} aria-current={route.view === view ? "page" : undefined}>
                  {viewTitles[view]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button
          type="button"
          class="secondary key-button"
          aria-expanded={showKeyForm}
          onClick={() => {
            setEditingKey(!showKeyForm);
            setKeyNeeded(undefined);
          }}
        >
          API key
        </button>
      </header>
      <main id="main">
        {showKeyForm && (
          <KeyForm
            reason={keyNeeded}
            onSaved={() => {
              setKeyNeeded(undefined);
              setEditingKey(false);
              setKeyVersion((version) => version + 1);
            }}
          />
        )}
        <div key={keyVersion}>
          <ViewBoundary key={route.view} route={route}>
            {route.view === "ask" && <AskView />}
            {route.view === "corpora" && <CorporaView detail={route.detail} />}
            {route.view === "experiments" && <ExperimentsView detail={route.detail} />}
            {route.view === "history" && <HistoryView detail={route.detail} />}
          </ViewBoundary>
        </div>
      </main>
    </KeyContext.Provider>
  );
}
