import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { LOCAL_VIDEO_FAULTS } from "./local-video-faults.ts";

/** Everything needed to render an operation again, byte for byte, in another process. */
export const storedJobSchema = z.strictObject({
  operationId: z.string(),
  clientRequestId: z.string(),
  sceneId: z.string(),
  shotId: z.string(),
  attempt: z.number(),
  prompt: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fps: z.number().positive(),
  durationSeconds: z.number().positive(),
  fault: z.enum(LOCAL_VIDEO_FAULTS).nullable(),
});

export type StoredJob = z.infer<typeof storedJobSchema>;

export interface StoredPanels {
  startPanel: Buffer;
  endPanel?: Buffer;
}

export type StoredResult =
  | { state: "succeeded"; video: Buffer; durationSeconds: number }
  | { state: "failed"; reason: string };

const resultSchema = z.discriminatedUnion("state", [
  z.strictObject({ state: z.literal("succeeded"), durationSeconds: z.number() }),
  z.strictObject({ state: z.literal("failed"), reason: z.string() }),
]);

/**
 * Where the offline "provider" keeps its jobs. The folder version is what makes crash recovery
 * testable: a new process on the same folder finds a job by operation id or by our client
 * request id, and renders it again if the process that took it died mid-render.
 */
export interface LocalVideoStore {
  create(job: Omit<StoredJob, "operationId">, panels: StoredPanels): Promise<StoredJob>;
  load(operationId: string): Promise<{ job: StoredJob; panels: StoredPanels } | undefined>;
  findByClientRequestId(clientRequestId: string): Promise<string | undefined>;
  result(operationId: string): Promise<StoredResult | undefined>;
  saveResult(operationId: string, result: StoredResult): Promise<void>;
}

const OPERATION_ID = /^local-[0-9a-f-]{36}$/;

export function newOperationId(): string {
  return `local-${randomUUID()}`;
}

export function createFolderVideoStore(stateDir: string): LocalVideoStore {
  const opDir = (operationId: string) => join(stateDir, "operations", operationId);
  // Client request ids are ours but arbitrary text: hashed, they are always a safe file name.
  const clientFile = (clientRequestId: string) =>
    join(stateDir, "client-requests", `${createHash("sha256").update(clientRequestId).digest("hex")}.json`);

  return {
    async create(fields, panels) {
      const job: StoredJob = { operationId: newOperationId(), ...fields };
      const dir = opDir(job.operationId);
      await mkdir(dir, { recursive: true });
      await writeAtomic(join(dir, "start.bin"), panels.startPanel);
      if (panels.endPanel) await writeAtomic(join(dir, "end.bin"), panels.endPanel);
      // The job file last: an operation is only visible once everything to re-render it is on disk.
      await writeAtomic(join(dir, "job.json"), JSON.stringify(job));
      await writeAtomic(clientFile(job.clientRequestId), JSON.stringify({ operationId: job.operationId }));
      return job;
    },

    async load(operationId) {
      if (!OPERATION_ID.test(operationId)) return undefined;
      const dir = opDir(operationId);
      const text = await readOptional(join(dir, "job.json"));
      if (!text) return undefined;
      const job = storedJobSchema.parse(JSON.parse(text.toString("utf8")));
      const startPanel = await readFile(join(dir, "start.bin"));
      const endPanel = await readOptional(join(dir, "end.bin"));
      return { job, panels: endPanel ? { startPanel, endPanel } : { startPanel } };
    },

    async findByClientRequestId(clientRequestId) {
      const text = await readOptional(clientFile(clientRequestId));
      if (!text) return undefined;
      const { operationId } = z.object({ operationId: z.string() }).parse(JSON.parse(text.toString("utf8")));
      return operationId;
    },

    async result(operationId) {
      if (!OPERATION_ID.test(operationId)) return undefined;
      const text = await readOptional(join(opDir(operationId), "result.json"));
      if (!text) return undefined;
      const result = resultSchema.parse(JSON.parse(text.toString("utf8")));
      if (result.state === "failed") return result;
      return { ...result, video: await readFile(join(opDir(operationId), "output.mp4")) };
    },

    async saveResult(operationId, result) {
      const dir = opDir(operationId);
      if (result.state === "failed") {
        await writeAtomic(join(dir, "result.json"), JSON.stringify(result));
        return;
      }
      await writeAtomic(join(dir, "output.mp4"), result.video);
      await writeAtomic(
        join(dir, "result.json"),
        JSON.stringify({ state: "succeeded", durationSeconds: result.durationSeconds }),
      );
    },
  };
}

/** For tests and throwaway runs that need no crash recovery. */
export function createMemoryVideoStore(): LocalVideoStore {
  const jobs = new Map<string, { job: StoredJob; panels: StoredPanels }>();
  const byClient = new Map<string, string>();
  const results = new Map<string, StoredResult>();
  return {
    async create(fields, panels) {
      const job: StoredJob = { operationId: newOperationId(), ...fields };
      jobs.set(job.operationId, { job, panels });
      byClient.set(job.clientRequestId, job.operationId);
      return job;
    },
    async load(operationId) {
      return jobs.get(operationId);
    },
    async findByClientRequestId(clientRequestId) {
      return byClient.get(clientRequestId);
    },
    async result(operationId) {
      return results.get(operationId);
    },
    async saveResult(operationId, result) {
      results.set(operationId, result);
    },
  };
}

/** Write-then-rename, so a process killed mid-write never leaves a half file that looks finished. */
async function writeAtomic(file: string, data: Buffer | string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${randomUUID()}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}

async function readOptional(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
