import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fakes remember about every request, for assertions on what the adapters really sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON when the body is JSON, otherwise the raw text (empty for GET). */
  body: unknown;
}

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
  /** Hold the answer back this long (to exercise timeouts). */
  delayMs?: number;
}

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): FakeReply {
  return {
    status,
    headers: { "content-type": "application/json; charset=UTF-8", ...headers },
    body: JSON.stringify(body),
  };
}

export type Handler = (request: RecordedRequest, origin: string) => FakeReply | Promise<FakeReply>;

export interface HttpFake {
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1, port 0, that records each request and hands it to `handle`. */
export async function startHttpFake(handle: Handler): Promise<HttpFake> {
  const requests: RecordedRequest[] = [];
  let origin = "";
  const server = createServer((req, res) => {
    void serve(req, res);
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : text;
    } catch {
      // not JSON: keep the text
    }
    const url = new URL(req.url ?? "/", origin);
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    requests.push(recorded);
    let reply: FakeReply;
    try {
      reply = await handle(recorded, origin);
    } catch (error) {
      reply = jsonReply(500, {
        error: { code: 500, message: `fake: ${(error as Error).message}`, status: "INTERNAL" },
      });
    }
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (res.destroyed) return;
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
