import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One Web API call as the bot sent it: the method and its arguments (form fields, JSON fields parsed). */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** What the fake answered. */
  result: Record<string, unknown>;
}

export interface FakeSlackApi {
  /** The Web API base for `clientOptions.slackApiUrl`. */
  url: string;
  calls: SlackCall[];
  /** Raw bodies POSTed to the upload URLs files.getUploadURLExternal handed out. */
  uploads: { fileId: string; bytes: Buffer }[];
  called(method: string): SlackCall[];
  close(): Promise<void>;
}

function parseArgs(contentType: string, raw: Buffer): Record<string, unknown> {
  const text = raw.toString("utf8");
  if (contentType.includes("application/json"))
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    // The client sends objects and arrays (blocks, files) as JSON strings inside the form.
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

/**
 * A local Slack Web API: records every call and answers like Slack does (`ok: true`, a fresh
 * `ts` for each message), including the three steps of files.uploadV2.
 */
export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: SlackCall[] = [];
  const uploads: { fileId: string; bytes: Buffer }[] = [];
  let counter = 0;
  let origin = "";
  const nextTs = () => `1700000000.${String(++counter).padStart(6, "0")}`;

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://example.slack.com/",
          team: "film",
          user: "continuity",
          team_id: "T1",
          user_id: "UBOT",
          bot_id: "BBOT",
        };
      case "chat.postMessage": {
        const ts = nextTs();
        return {
          ok: true,
          channel: args.channel,
          ts,
          message: { type: "message", text: args.text, ts, bot_id: "BBOT" },
        };
      }
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case "chat.getPermalink":
        return {
          ok: true,
          channel: args.channel,
          permalink: `https://film.slack.com/archives/${args.channel}/p${String(args.message_ts).replace(".", "")}`,
        };
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "reactions.add":
        return { ok: true };
      case "files.getUploadURLExternal": {
        const fileId = `F${++counter}`;
        return { ok: true, upload_url: `${origin}/upload/${fileId}`, file_id: fileId };
      }
      case "apps.connections.open":
        // There is no Socket Mode websocket here: the app token is refused, as Slack refuses a bad one.
        return { ok: false, error: "invalid_auth" };
      case "files.completeUploadExternal":
        return {
          ok: true,
          files: (args.files as { id: string; title?: string }[]).map((file) => ({
            id: file.id,
            title: file.title ?? "",
          })),
        };
      default:
        return { ok: false, error: "unknown_method" };
    }
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = new URL(req.url ?? "/", origin).pathname;
    if (path.startsWith("/upload/")) {
      uploads.push({ fileId: path.slice("/upload/".length), bytes: raw });
      res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${raw.length}`);
      return;
    }
    const method = path.replace(/^\/api\//, "");
    const args = parseArgs(String(req.headers["content-type"] ?? ""), raw);
    const result = answer(method, args);
    calls.push({ method, args, headers: req.headers, result });
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(result));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/api/`,
    calls,
    uploads,
    called: (method) => calls.filter((call) => call.method === method),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
