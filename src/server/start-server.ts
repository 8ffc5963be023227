import { type ServerType, serve } from "@hono/node-server";

export interface RunningServer {
  readonly url: string;
  /**
   * Stops accepting connections and closes the idle ones; resolves once every connection has closed (those with a
   * request in flight close after their response).
   */
  close(): Promise<void>;
  /** Drops every connection at once, busy ones included: their requests' abort signals fire. */
  closeConnections(): void;
}

/** Serves an app over HTTP on host:port (port 0 picks a free one) until `close`. */
export function startServer(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  options: { host: string; port: number },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined;
    try {
      server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info) => {
        resolve({
          url: `http://${info.family === "IPv6" ? `[${info.address}]` : info.address}:${info.port}`,
          close: () =>
            new Promise<void>((done, fail) => {
              server?.close((error) => (error ? fail(error) : done()));
            }),
          closeConnections: () => {
            if (server && "closeAllConnections" in server) server.closeAllConnections();
          },
        });
      });
      server.once("error", reject);
    } catch (error) {
      reject(error);
    }
  });
}
