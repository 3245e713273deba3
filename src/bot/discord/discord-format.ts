import type { APIEmbed } from "discord.js";
import type { OutMessage } from "../chat-port.ts";

const COLOURS: Record<NonNullable<OutMessage["tone"]>, number> = {
  good: 0x2eb67d,
  bad: 0xe01e5a,
  warn: 0xecb22e,
  info: 0x36c5f0,
};

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * A neutral message as one embed (Discord's limits: title 256, description 4096, 25 fields of
 * 1024, footer 2048); the first image is shown in the embed, further ones attach below it.
 */
export function discordEmbed(message: OutMessage): APIEmbed {
  const first = message.images?.[0];
  return {
    title: clip(message.title, 256),
    ...(message.text ? { description: clip(message.text, 4000) } : {}),
    ...(message.fields?.length
      ? {
          fields: message.fields.slice(0, 25).map((field) => ({
            name: clip(field.name, 256),
            value: clip(field.value || "—", 1024),
            inline: true,
          })),
        }
      : {}),
    ...(first ? { image: { url: `attachment://${first.filename}` } } : {}),
    ...(message.footer ? { footer: { text: clip(message.footer, 2000) } } : {}),
    color: COLOURS[message.tone ?? "info"],
  };
}

/** Files as @discordjs/rest sends them (multipart, `files[n]`). */
export function discordFiles(message: OutMessage): { name: string; data: Buffer; contentType: string }[] {
  return (message.images ?? []).map((image) => ({
    name: image.filename,
    data: image.bytes,
    contentType: "image/png",
  }));
}

/** Mentions render but never ping: judge reasons and names are not a way to notify anyone. */
export const NO_PINGS = { parse: [] as never[] };
