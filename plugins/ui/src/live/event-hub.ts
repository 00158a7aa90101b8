/** Server-sent events to every open page. */
export class EventHub {
  readonly #clients = new Set<ReadableStreamDefaultController<Uint8Array>>();
  readonly #encoder = new TextEncoder();

  get size(): number {
    return this.#clients.size;
  }

  /** A `text/event-stream` response that receives every later `send`; `hello` is sent first. */
  open(hello: { type: string; data: unknown }): Response {
    let self: ReadableStreamDefaultController<Uint8Array> | undefined;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        self = controller;
        this.#clients.add(controller);
        controller.enqueue(this.#encode(hello.type, hello.data));
      },
      cancel: () => {
        if (self) this.#clients.delete(self);
      },
    });
    return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" } });
  }

  send(type: string, data: unknown): void {
    this.#broadcast(this.#encode(type, data));
  }

  /** A comment line, so proxies and the browser keep the stream open. */
  ping(): void {
    this.#broadcast(this.#encoder.encode(": ping\n\n"));
  }

  /** Sends a chunk to every client; one whose stream is gone is dropped. */
  #broadcast(chunk: Uint8Array): void {
    for (const client of this.#clients) {
      try {
        client.enqueue(chunk);
      } catch {
        this.#clients.delete(client);
      }
    }
  }

  closeAll(): void {
    for (const client of this.#clients) {
      try {
        client.close();
      } catch {
        // already closed by the browser
      }
    }
    this.#clients.clear();
  }

  #encode(type: string, data: unknown): Uint8Array {
    return this.#encoder.encode(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  }
}
