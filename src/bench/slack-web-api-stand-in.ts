import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface SlackWebApiStandIn {
  /** The Web API base for SLACK_API_URL. */
  url: string;
  /** Calls answered, by method: the bench says what the bot did after each acknowledgement. */
  counts: Map<string, number>;
  close(): Promise<void>;
}

/** Form fields as the Web API client sends them (objects and arrays as JSON strings), or a JSON body. */
function parseArgs(contentType: string, raw: string): Record<string, unknown> {
  if (contentType.includes("application/json"))
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  return Object.fromEntries(new URLSearchParams(raw));
}

/**
 * A local Slack Web API for the bench: answers the methods the bot calls (auth.test, chat.*,
 * reactions.add, the three steps of files.uploadV2) in Slack's wire format, at once, so the
 * acknowledgement figure measures the bot and not a network.
 */
export async function startSlackWebApiStandIn(): Promise<SlackWebApiStandIn> {
  const counts = new Map<string, number>();
  let counter = 0;
  let origin = "";
  const nextTs = () => `1700000000.${String(++counter).padStart(6, "0")}`;

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://bench.slack.com/",
          team: "bench",
          user: "continuity",
          team_id: "TBENCH",
          user_id: "UBOT",
          bot_id: "BBOT",
        };
      case "chat.postMessage": {
        const ts = nextTs();
        return { ok: true, channel: args.channel, ts, message: { type: "message", text: args.text, ts } };
      }
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "chat.getPermalink":
        return {
          ok: true,
          channel: args.channel,
          permalink: `https://bench.slack.com/archives/${args.channel}/p${String(args.message_ts).replace(".", "")}`,
        };
      case "reactions.add":
        return { ok: true };
      case "files.getUploadURLExternal": {
        const fileId = `F${++counter}`;
        return { ok: true, upload_url: `${origin}/upload/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal": {
        const files = JSON.parse(String(args.files ?? "[]")) as { id: string; title?: string }[];
        return { ok: true, files: files.map((file) => ({ id: file.id, title: file.title ?? "" })) };
      }
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
      counts.set("upload", (counts.get("upload") ?? 0) + 1);
      res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${raw.length}`);
      return;
    }
    const method = path.replace(/^\/api\//, "");
    counts.set(method, (counts.get(method) ?? 0) + 1);
    const result = answer(method, parseArgs(String(req.headers["content-type"] ?? ""), raw.toString("utf8")));
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(result));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/api/`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
