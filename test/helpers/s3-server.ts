import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { createS3Client } from "../../src/adapters/s3-storage.ts";

/**
 * A throwaway s3rver for one test file: its own process, port and temp directory, so test files
 * running in parallel never share buckets.
 *
 * It runs in a child process because s3rver encrypts ListObjectsV2 continuation tokens with DES,
 * which Node 20's OpenSSL 3 refuses unless started with --openssl-legacy-provider: in-process,
 * every listing longer than one page (1,000 keys) fails with a 500.
 */
export interface S3TestServer {
  endpoint: string;
  bucket: string;
  client: S3Client;
  close(): Promise<void>;
}

// Plain CommonJS for `node -e`; it reports its port over IPC and exits when the parent goes away.
const SERVER_SCRIPT = `
const [modulePath, directory] = process.argv.slice(1);
const S3rver = require(modulePath);
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
server.run().then(
  (address) => process.send({ port: address.port }),
  (error) => { console.error(error); process.exit(1); },
);
process.on("disconnect", () => process.exit(0));
`;

const START_TIMEOUT_MS = 20_000;

function waitForPort(child: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`s3rver did not start within ${START_TIMEOUT_MS} ms: ${stderr()}`));
    }, START_TIMEOUT_MS);
    child.once("message", (message: { port?: number }) => {
      clearTimeout(timer);
      if (typeof message.port === "number") resolve(message.port);
      else reject(new Error(`s3rver sent an unexpected message: ${JSON.stringify(message)}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with code ${code} before listening: ${stderr()}`));
    });
  });
}

export async function startS3Server(bucket = "continuity-test"): Promise<S3TestServer> {
  const directory = await mkdtemp(path.join(tmpdir(), "continuity-s3rver-"));
  const s3rverPath = createRequire(import.meta.url).resolve("s3rver");
  const child = spawn(
    process.execPath,
    ["--openssl-legacy-provider", "-e", SERVER_SCRIPT, s3rverPath, directory],
    {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const removeEverything = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
    await rm(directory, { recursive: true, force: true });
  };

  try {
    const port = await waitForPort(child, () => stderr);
    const endpoint = `http://127.0.0.1:${port}`;
    const client = createS3Client({
      endpoint,
      region: "auto",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return {
      endpoint,
      bucket,
      client,
      async close() {
        client.destroy();
        await removeEverything();
      },
    };
  } catch (error) {
    await removeEverything();
    throw error;
  }
}
