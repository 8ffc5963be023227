import { useState } from "preact/hooks";
import { KeyForm } from "./components/key-form.tsx";
import { KeyContext } from "./key-context.ts";
import { routeHref, useRoute, type View } from "./routing.ts";
import { AskView } from "./views/ask-view.tsx";
import { CorporaView } from "./views/corpora-view.tsx";
import { ExperimentsView } from "./views/experiments-view.tsx";
import { HistoryView } from "./views/history-view.tsx";

const titles: Record<View, string> = {
  ask: "Ask",
  corpora: "Corpora",
  experiments: "Experiments",
  history: "History",
};

/** The console: a view per task, chosen in the navigation; the API key form when a request needs one. */
export function App() {
  const route = useRoute();
  const [keyNeeded, setKeyNeeded] = useState<string | undefined>(undefined);
  const [keyVersion, setKeyVersion] = useState(0);
  const [editingKey, setEditingKey] = useState(false);
  const keyContext = {
    version: keyVersion,
    needKey: (reason: string) => setKeyNeeded(reason),
  };
  const showKeyForm = keyNeeded !== undefined || editingKey;
  return (
    <KeyContext.Provider value={keyContext}>
      <header class="top">
        <a class="brand" href={routeHref("ask")}>
          Recall
        </a>
        <nav aria-label="Console">
          <ul>
            {(Object.keys(titles) as View[]).map((view) => (
              <li key={view}>
                <a href={routeHref(view)} aria-current={route.view === view ? "page" : undefined}>
                  {titles[view]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" class="secondary key-button" onClick={() => setEditingKey(!editingKey)}>
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
              setKeyVersion(keyVersion + 1);
            }}
          />
        )}
        <div key={keyVersion}>
          {route.view === "ask" && <AskView />}
          {route.view === "corpora" && <CorporaView detail={route.detail} />}
          {route.view === "experiments" && <ExperimentsView detail={route.detail} />}
          {route.view === "history" && <HistoryView detail={route.detail} />}
        </div>
      </main>
    </KeyContext.Provider>
  );
}
