import { Worker } from "node:worker_threads";

export interface Answer {
  ms: number;
  status: number;
}

/*
 * Slack's requests come from elsewhere: firing and timing them on the bot's own event loop would
 * charge the sender's work to the bot. So they go out from a worker thread, in plain JavaScript
 * (a worker does not inherit the tsx loader). Each is signed as Slack signs it, HMAC-SHA256 over
 * `v0:timestamp:body`, and timed from its send to its HTTP status line.
 */
const SENDER = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHmac } = require("node:crypto");
const { performance } = require("node:perf_hooks");
const { url, secret, bodies } = workerData;
async function send(body) {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = "v0=" + createHmac("sha256", secret).update("v0:" + timestamp + ":" + body).digest("hex");
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signature,
    },
    body,
  });
  const ms = performance.now() - started;
  await response.arrayBuffer();
  return { ms, status: response.status };
}
Promise.all(bodies.map(send)).then(
  (answers) => parentPort.postMessage({ answers }),
  (error) => parentPort.postMessage({ error: String(error && error.stack || error) }),
);
`;

/** Sends every body at once, signed with `secret`, and answers each one's time to its HTTP status. */
export function fireSignedBurst(url: string, secret: string, bodies: string[]): Promise<Answer[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SENDER, { eval: true, workerData: { url, secret, bodies } });
    worker.once("message", (message: { answers?: Answer[]; error?: string }) => {
      void worker.terminate();
      if (message.answers) resolve(message.answers);
      else reject(new Error(`the request sender failed: ${message.error}`));
    });
    worker.once("error", reject);
  });
}
