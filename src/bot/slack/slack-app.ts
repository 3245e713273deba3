import { App, HTTPReceiver, type Logger, LogLevel, type Receiver, SocketModeReceiver } from "@slack/bolt";
import type { BotConfig } from "../../config/bot-config.ts";

export interface SlackAppOptions {
  logLevel?: LogLevel;
  /** Bolt's logger for the app and its receiver (default: Bolt's console logger at `logLevel`). */
  logger?: Logger;
}

/**
 * Bolt's App with its receiver chosen from configuration (Socket Mode with an app token,
 * otherwise HTTP with signature verification) and its Web API client's options passed in,
 * so SLACK_API_URL points every call, including Socket Mode's connection call, elsewhere.
 */
export function createSlackApp(
  config: BotConfig,
  options: SlackAppOptions = {},
): { app: App; receiver: Receiver; mode: "socket" | "http" } {
  const logLevel = options.logLevel ?? LogLevel.WARN;
  const logging = options.logger ? { logger: options.logger, logLevel } : { logLevel };
  const clientOptions = config.SLACK_API_URL ? { slackApiUrl: withSlash(config.SLACK_API_URL) } : {};
  let receiver: Receiver;
  let mode: "socket" | "http";
  if (config.SLACK_APP_TOKEN) {
    mode = "socket";
    receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN,
      logLevel,
      installerOptions: { clientOptions },
    });
  } else {
    mode = "http";
    // Requests older than five minutes or with a wrong signature are answered 401 by Bolt.
    receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET ?? "",
      port: config.SLACK_PORT,
      logLevel,
    });
  }
  const app = new App({ token: config.SLACK_BOT_TOKEN, receiver, clientOptions, ...logging });
  return { app, receiver, mode };
}

/** The Web API client appends method names to the base, so it must end in a slash. */
function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
