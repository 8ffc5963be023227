/**
 * A value made on first use and shared after that. A failed attempt is forgotten, so that the next call tries again
 * (a model that failed to load because a file was missing loads once the file is there).
 */
export function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= make().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
