import { useEffect, useRef, useState } from "preact/hooks";
import { storeApiKey, storedApiKey } from "../api/api-key.ts";

/**
 * Where the API key is entered: kept in this tab's session storage, sent as a bearer token with every request. The
 * key field takes the focus as the form opens (from the header, or because the server asked for a key).
 */
export function KeyForm(props: { reason: string | undefined; onSaved: () => void }) {
  const [key, setKey] = useState(storedApiKey() ?? "");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <form
      class="panel key-form"
      aria-labelledby="key-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        storeApiKey(key);
        props.onSaved();
      }}
    >
      <h2 id="key-form-title">API key</h2>
      {props.reason && (
        <p class="error" role="alert">
          {props.reason}
        </p>
      )}
      <p>
        The key is kept in this browser tab only (session storage) and sent with each request. Create one with{" "}
        <code>recall keys create</code>; a server without keys needs none.
      </p>
      <label>
        Key
        <input
          ref={input}
          type="password"
          autocomplete="off"
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
          placeholder="rk_…"
        />
      </label>
      <div class="actions">
        <button type="submit">Use this key</button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setKey("");
            storeApiKey(undefined);
            props.onSaved();
          }}
        >
          Forget the key
        </button>
      </div>
    </form>
  );
}
