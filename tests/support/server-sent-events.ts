/** One server-sent event: its name (none for a plain message) and its data lines joined by newlines. */
export interface ServerSentEvent {
  readonly event: string | undefined;
  readonly data: string;
}

/** Reads server-sent events off a response body as they arrive. */
export async function* serverSentEvents(response: Response): AsyncGenerator<ServerSentEvent> {
  const reader = (response.body ?? new ReadableStream<Uint8Array>()).pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += value;
    const blocks = buffer.split("\n\n");
    buffer = blocks.pop() ?? "";
    for (const block of blocks)
      yield {
        event: block.match(/^event: (.*)$/m)?.[1],
        data: [...block.matchAll(/^data: ?(.*)$/gm)].map((match) => match[1]).join("\n"),
      };
  }
}
