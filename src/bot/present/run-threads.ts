import type { Db } from "../../../db/create-db.ts";
import {
  type ChatThread,
  claimChatThread,
  createChatThread,
  findChatThread,
  listOpenChatThreads,
  saveChatThread,
} from "../../../db/queries/chat-threads.ts";
import type { MediaTools } from "../../ports/media-tools.ts";
import type { Storage } from "../../ports/storage.ts";
import type { ChatPort, MessageRef, Place, Platform } from "../chat-port.ts";
import { syncThread } from "./thread-sync.ts";

export interface RunThreadsOptions {
  db: Db;
  artifacts: Storage;
  media: MediaTools;
  chats: Partial<Record<Platform, ChatPort>>;
  approvers: readonly string[];
  allowSelfApproval: boolean;
  timeoutMinutes: number;
  /** This process, as lease holder. */
  owner: string;
  /** A thread whose holder has been silent this long is taken over (a crashed or stopped bot). */
  leaseSeconds?: number;
  /** Waits this long after a change before syncing (default 1 s), so a burst of engine events makes one sync and edits stay under Slack's rate limits. */
  settleMs?: number;
  log: (line: string) => void;
}

export interface RunThreads {
  /** Records a new run's thread (held by this process) and syncs it. */
  open(input: {
    runId: string;
    platform: Platform;
    root: MessageRef;
    place: Place;
    requestedBy: string;
  }): Promise<void>;
  /** Something changed in this run: sync its thread soon, if it has one. */
  touch(runId: string): void;
  /** Syncs every open thread: picks up work done elsewhere and threads left by a stopped bot. */
  tick(): Promise<void>;
  /** Resolves once no sync is running or due. */
  idle(): Promise<void>;
}

class LeaseLost extends Error {}

/**
 * Keeps every run's thread in step with the database, one sync at a time per run. Several bot
 * processes may share the database: the one holding a thread's lease posts in it, and another
 * takes the thread over when the holder goes quiet.
 */
export function createRunThreads(options: RunThreadsOptions): RunThreads {
  const { db } = options;
  const leaseSeconds = options.leaseSeconds ?? 60;
  const settleMs = options.settleMs ?? 1000;
  const active = new Map<string, { dirty: boolean; done: Promise<void> }>();

  async function syncOnce(runId: string): Promise<void> {
    // A thread on a platform this process does not serve is left to (and leased by) one that does.
    const platform = (await findChatThread(db, runId))?.platform;
    const chat = platform ? options.chats[platform] : undefined;
    if (!chat || !(await claimChatThread(db, runId, options.owner, leaseSeconds))) return;
    // Read again under the lease: the previous holder may have posted since.
    const record = await findChatThread(db, runId);
    if (!record) return;
    await syncThread(
      {
        db,
        artifacts: options.artifacts,
        media: options.media,
        chat,
        approvers: options.approvers,
        allowSelfApproval: options.allowSelfApproval,
        timeoutMinutes: options.timeoutMinutes,
        async save(next) {
          if (!(await saveChatThread(db, next, options.owner))) throw new LeaseLost();
        },
      },
      record,
    );
  }

  function touch(runId: string): void {
    const current = active.get(runId);
    if (current) {
      current.dirty = true;
      return;
    }
    const entry = { dirty: true, done: Promise.resolve() };
    entry.done = (async () => {
      while (entry.dirty) {
        entry.dirty = false;
        if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
        try {
          await syncOnce(runId);
        } catch (error) {
          // A platform error or a lost lease: what was posted is saved; the next change or tick retries.
          if (!(error instanceof LeaseLost))
            options.log(`thread of run ${runId}: ${(error as Error).message}`);
        }
      }
      active.delete(runId);
    })();
    active.set(runId, entry);
  }

  return {
    async open(input) {
      const record: ChatThread = {
        ...input,
        posted: [],
        escalations: {},
        rootShown: "",
        summarised: null,
        open: true,
      };
      await createChatThread(db, record, options.owner);
      touch(input.runId);
    },
    touch,
    async tick() {
      for (const thread of await listOpenChatThreads(db)) touch(thread.runId);
    },
    async idle() {
      while (active.size > 0) await Promise.all([...active.values()].map((entry) => entry.done));
    },
  };
}
