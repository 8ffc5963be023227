const storageKey = "recall.apiKey";

/** The API key the person entered, kept for this browser tab's session only. */
export function storedApiKey(): string | undefined {
  return sessionStorage.getItem(storageKey) ?? undefined;
}

export function storeApiKey(key: string | undefined): void {
  if (key === undefined || key.trim() === "") sessionStorage.removeItem(storageKey);
  else sessionStorage.setItem(storageKey, key.trim());
}
