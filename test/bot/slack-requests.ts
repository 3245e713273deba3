import { createHmac } from "node:crypto";

/**
 * Requests as Slack sends them to the bot: signed with the signing secret, HMAC-SHA256 over
 * `v0:timestamp:body`, with the timestamp in a header; a retry carries X-Slack-Retry-Num.
 */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SlackPost {
  body: string;
  contentType: string;
  /** Sign with this secret (default the right one); `null` sends no signature at all. */
  secret?: string | null;
  /** Seconds since the epoch (default now). */
  timestamp?: number;
  /** Change the body after signing. */
  tamper?: (body: string) => string;
  retryNum?: number;
}

export async function postToSlackApp(
  url: string,
  secret: string,
  request: SlackPost,
): Promise<{ status: number; text: string }> {
  const timestamp = request.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { "content-type": request.contentType };
  const signWith = request.secret === undefined ? secret : request.secret;
  if (signWith !== null) {
    headers["x-slack-request-timestamp"] = String(timestamp);
    headers["x-slack-signature"] = slackSignature(signWith, timestamp, request.body);
  }
  if (request.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(request.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  const response = await fetch(url, {
    method: "POST",
    headers,
    body: request.tamper ? request.tamper(request.body) : request.body,
  });
  return { status: response.status, text: await response.text() };
}

let triggers = 0;

/** A slash command's form body, as Slack posts it. */
export function slashCommand(input: {
  command: string;
  text?: string;
  user: string;
  channel: string;
}): SlackPost {
  const form = new URLSearchParams({
    token: "deprecated-verification-token",
    team_id: "T1",
    team_domain: "film",
    channel_id: input.channel,
    channel_name: "film",
    user_id: input.user,
    user_name: input.user.toLowerCase(),
    command: input.command,
    text: input.text ?? "",
    api_app_id: "A1",
    is_enterprise_install: "false",
    response_url: "https://hooks.slack.invalid/commands/T1/1/x",
    trigger_id: `trigger-${++triggers}-${Date.now()}`,
  });
  return { body: form.toString(), contentType: "application/x-www-form-urlencoded" };
}

/** A reaction_added event in its Events API envelope. */
export function reactionAdded(input: {
  eventId: string;
  user: string;
  reaction: string;
  channel: string;
  ts: string;
  itemUser?: string;
}): SlackPost {
  const eventTime = Math.floor(Date.now() / 1000);
  const body = {
    token: "deprecated-verification-token",
    team_id: "T1",
    api_app_id: "A1",
    event: {
      type: "reaction_added",
      user: input.user,
      reaction: input.reaction,
      item_user: input.itemUser ?? "UBOT",
      item: { type: "message", channel: input.channel, ts: input.ts },
      event_ts: `${eventTime}.000100`,
    },
    type: "event_callback",
    event_id: input.eventId,
    event_time: eventTime,
    authorizations: [
      { enterprise_id: null, team_id: "T1", user_id: "UBOT", is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
  return { body: JSON.stringify(body), contentType: "application/json" };
}
