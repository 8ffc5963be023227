/** One server-sent event: its name and its data lines joined. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

function parsedEvent(block: string): ServerSentEvent {
  const event = block.match(/^event: ?(.*)$/m)?.[1] ?? "message";
  const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((match) => match[1] ?? "").join("\n");
  return { event, data };
}

/**
 * Reads server-sent events off a response body as they arrive (EventSource cannot send an API key). Lines may end in
 * "\r\n", "\r" or "\n", a "\r\n" split across two chunks included. Leaving the loop early cancels the body.
 */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  // A chunk's last "\r" may be the first half of a "\r\n": it waits for the next chunk.
  let carriageReturn = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      let text: string =
        (carriageReturn ? "\r" : "") + (done ? decoder.decode() : decoder.decode(value, { stream: true }));
      carriageReturn = !done && text.endsWith("\r");
      if (carriageReturn) text = text.slice(0, -1);
      buffer += text.replace(/\r\n?/g, "\n");
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop() ?? "";
      for (const block of blocks) yield parsedEvent(block);
      if (done) return;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
