/** One server-sent event: its name and its data lines joined. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

/** Reads server-sent events off a response body as they arrive (EventSource cannot send an API key). */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
    const blocks = buffer.split("\n\n");
    buffer = blocks.pop() ?? "";
    for (const block of blocks) {
      const event = block.match(/^event: ?(.*)$/m)?.[1] ?? "message";
      const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((match) => match[1] ?? "").join("\n");
      yield { event, data };
    }
  }
}
