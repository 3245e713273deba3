import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One REST call as the bot sent it: JSON bodies parsed, multipart split into payload_json and files. */
export interface DiscordCall {
  method: string;
  /** Path after /api/v10, e.g. /channels/300/messages. */
  path: string;
  body: Record<string, unknown> | undefined;
  files: { name: string; bytes: Buffer }[];
  authorization: string | undefined;
  /** What the fake answered (undefined for 204). */
  result: Record<string, unknown> | undefined;
}

export interface FakeDiscordApi {
  /** The REST base for DISCORD_API_URL. */
  url: string;
  calls: DiscordCall[];
  find(method: string, pattern: RegExp): DiscordCall[];
  close(): Promise<void>;
}

export const BOT_USER = {
  id: "100000000000000001",
  username: "continuity",
  discriminator: "0",
  bot: true,
  global_name: null,
  avatar: null,
};

let snowflake = 1_300_000_000_000_000_000n;
export const nextId = () => String(++snowflake);

function message(
  channelId: string,
  body: Record<string, unknown> | undefined,
  id = nextId(),
): Record<string, unknown> {
  return {
    id,
    channel_id: channelId,
    author: BOT_USER,
    content: body?.content ?? "",
    embeds: body?.embeds ?? [],
    attachments: [],
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    type: 0,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    flags: 0,
    components: [],
  };
}

async function parseBody(
  contentType: string,
  raw: Buffer,
): Promise<{ body: Record<string, unknown> | undefined; files: DiscordCall["files"] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (!contentType.startsWith("multipart/form-data"))
    return { body: JSON.parse(raw.toString("utf8")), files: [] };
  const form = await new Response(new Uint8Array(raw), {
    headers: { "content-type": contentType },
  }).formData();
  const files: DiscordCall["files"] = [];
  let body: Record<string, unknown> | undefined;
  for (const [key, value] of form) {
    if (key === "payload_json") body = JSON.parse(String(value));
    else if (typeof value !== "string")
      files.push({ name: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return { body, files };
}

/**
 * A local Discord REST API (v10) for the calls the bot makes: interaction callbacks and webhook
 * edits, channel messages and edits, threads, reactions and DMs, command registration. It
 * records each call and answers with Discord's shapes (interaction replies land in
 * `interactionChannel`, where the tests' commands are typed).
 */
export async function startFakeDiscordApi(options: { interactionChannel: string }): Promise<FakeDiscordApi> {
  const calls: DiscordCall[] = [];
  let origin = "";
  const answer = (
    method: string,
    path: string,
    body: Record<string, unknown> | undefined,
  ): Record<string, unknown> | undefined => {
    const route = (verb: string, pattern: RegExp) => (method === verb ? pattern.exec(path) : null);
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path) || method === "DELETE") return undefined;
    if (method === "PUT" && /\/reactions\//.test(path)) return undefined;
    if (/^\/webhooks\/\d+\/[^/]+(?:\/messages\/@original)?$/.test(path))
      return message(options.interactionChannel, body);
    const thread = route("POST", /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/);
    if (thread)
      return {
        id: nextId(),
        type: 11,
        parent_id: thread[1],
        name: body?.name,
        guild_id: "200000000000000001",
      };
    const posted = route("POST", /^\/channels\/([^/]+)\/messages$/);
    if (posted) return message(posted[1] as string, body);
    const edited = route("PATCH", /^\/channels\/([^/]+)\/messages\/(\d+)$/);
    if (edited) return message(edited[1] as string, body, edited[2]);
    if (route("POST", /^\/users\/@me\/channels$/)) {
      return { id: `9${String(body?.recipient_id)}`, type: 1, recipients: [{ id: body?.recipient_id }] };
    }
    if (route("PUT", /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/)) {
      return {
        list: (body as unknown as { name: string }[]).map((command) => ({ ...command, id: nextId() })),
      };
    }
    return { message: "404: Not Found", code: 0 };
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", origin);
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ""));
    const method = req.method ?? "GET";
    const { body, files } = await parseBody(String(req.headers["content-type"] ?? ""), Buffer.concat(chunks));
    const result = answer(method, path, body);
    calls.push({ method, path, body, files, authorization: req.headers.authorization, result });
    if (result === undefined) {
      res.writeHead(204).end();
      return;
    }
    const payload = "list" in result ? result.list : result;
    res
      .writeHead("code" in result ? 404 : 200, { "content-type": "application/json" })
      .end(JSON.stringify(payload));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/api`,
    calls,
    find: (method, pattern) => calls.filter((call) => call.method === method && pattern.test(call.path)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
