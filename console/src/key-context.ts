import { createContext } from "preact";
import { useContext } from "preact/hooks";

/** Lets any view say that the server wants an API key (a 401), and re-renders views once one is entered. */
export interface KeyState {
  /** Changes each time a key is entered or forgotten. */
  readonly version: number;
  readonly needKey: (reason: string) => void;
}

export const KeyContext = createContext<KeyState>({ version: 0, needKey: () => {} });

export function useKey(): KeyState {
  return useContext(KeyContext);
}
