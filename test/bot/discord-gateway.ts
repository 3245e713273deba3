import { type Client, ClientUser } from "discord.js";
import { BOT_USER, nextId } from "./fake-discord-api.ts";

export const GUILD = "200000000000000001";
export const CHANNEL = "300000000000000001";
export const APPLICATION = "400000000000000001";

const user = (id: string) => ({
  id,
  username: `user${id.slice(-3)}`,
  discriminator: "0",
  global_name: null,
  avatar: null,
});
const member = (id: string) => ({
  user: user(id),
  roles: [],
  joined_at: new Date().toISOString(),
  deaf: false,
  mute: false,
  flags: 0,
  permissions: "0",
});

/**
 * Puts a discord.js Client in the state the gateway's READY and GUILD_CREATE leave it in (its
 * user, one guild with one text channel), without a websocket: the test then feeds it gateway
 * dispatch payloads through the same actions the websocket handlers call.
 */
export function readyClient(client: Client): void {
  client.rest.setToken("discord-test-token");
  // discord.js builds these from gateway payloads; its typings hide the constructors and caches' _add.
  const internals = client as unknown as { user: ClientUser; guilds: { _add(data: unknown): unknown } };
  const UserFromGateway = ClientUser as unknown as new (client: Client, data: unknown) => ClientUser;
  internals.user = new UserFromGateway(client, BOT_USER);
  internals.guilds._add({
    id: GUILD,
    name: "film",
    channels: [
      { id: CHANNEL, type: 0, name: "film", guild_id: GUILD, permission_overwrites: [], position: 0 },
    ],
    roles: [],
    members: [],
    emojis: [],
    stickers: [],
    features: [],
  });
}

/** An INTERACTION_CREATE dispatch of a chat-input command, as the gateway sends it. */
export function commandInteraction(input: {
  name: string;
  user: string;
  channel?: string;
  options?: Record<string, string>;
}) {
  return {
    id: nextId(),
    application_id: APPLICATION,
    type: 2,
    token: `interaction-token-${nextId()}`,
    version: 1,
    locale: "en-GB",
    guild_locale: "en-GB",
    guild_id: GUILD,
    channel_id: input.channel ?? CHANNEL,
    channel: { id: input.channel ?? CHANNEL, type: 0, guild_id: GUILD, name: "film" },
    app_permissions: "2248473465835073",
    entitlements: [],
    authorizing_integration_owners: { "0": GUILD },
    context: 0,
    member: member(input.user),
    data: {
      id: nextId(),
      name: input.name,
      type: 1,
      guild_id: GUILD,
      options: Object.entries(input.options ?? {}).map(([name, value]) => ({ name, type: 3, value })),
    },
  };
}

/** A MESSAGE_REACTION_ADD dispatch: only ids and the emoji, the message uncached (as after a restart). */
export function reactionAdd(input: { user: string; message: string; channel: string; emoji: string }) {
  return {
    user_id: input.user,
    message_id: input.message,
    channel_id: input.channel,
    guild_id: GUILD,
    member: member(input.user),
    emoji: { name: input.emoji, id: null },
    burst: false,
    type: 0,
    message_author_id: BOT_USER.id,
  };
}

/** The client's actions: discord.js internals, what its gateway handlers call with each dispatch. */
function gatewayActions(client: Client): Record<string, { handle(data: unknown): unknown } | undefined> {
  return (client as unknown as { actions: Record<string, { handle(data: unknown): unknown }> }).actions;
}

/** Hands a dispatch to the client as its websocket handler would. */
export function dispatch(
  client: Client,
  event: "INTERACTION_CREATE" | "MESSAGE_REACTION_ADD",
  payload: unknown,
): void {
  const actions = gatewayActions(client);
  if (event === "INTERACTION_CREATE") actions.InteractionCreate?.handle(payload);
  else actions.MessageReactionAdd?.handle(payload);
}

/** THREAD_CREATE, as the gateway announces a thread the bot opened (so discord.js caches it). */
export function threadCreated(client: Client, input: { id: string; parent: string; name: string }): void {
  gatewayActions(client).ThreadCreate?.handle({
    id: input.id,
    type: 11,
    guild_id: GUILD,
    parent_id: input.parent,
    name: input.name,
    owner_id: BOT_USER.id,
    newly_created: true,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 10080,
      archive_timestamp: new Date().toISOString(),
      locked: false,
    },
    message_count: 0,
    member_count: 1,
    rate_limit_per_user: 0,
    flags: 0,
  });
}
