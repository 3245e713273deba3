import type { Db } from "../../../db/create-db.ts";
import { findLatestBibleLock, insertBibleLock } from "../../../db/queries/bible-locks.ts";
import { AppError } from "../../core/app-error.ts";
import { bibleVersion, compareWithLock } from "../../core/bible-lock.ts";
import { hasErrors, type Problem } from "../../core/problem.ts";
import type { ImageProbe } from "../../ports/image-probe.ts";
import type { Storage } from "../../ports/storage.ts";
import { type BibleSnapshot, readBible } from "./read-bible.ts";

export interface BibleDeps {
  storage: Storage;
  probe: ImageProbe;
  db: Db;
}

export interface LockState {
  /** unlocked: never locked; locked: matches its lock; changed: differs from its lock (runs are blocked). */
  state: "unlocked" | "locked" | "changed";
  /** The version the bible has now. */
  version: string;
  lockedVersion?: string;
  lockedAt?: string;
  lockedBy?: string;
}

export interface BibleCheck extends BibleSnapshot {
  lock: LockState;
  /** The locked hashes, when locked: what runs validate against. */
  lockedHashes?: Record<string, string>;
}

export async function checkBible(deps: BibleDeps): Promise<BibleCheck> {
  const snapshot = await readBible(deps.storage, deps.probe);
  const lock = await findLatestBibleLock(deps.db, deps.storage.uri);
  const version = bibleVersion(snapshot.hashes);
  const lockProblems = compareWithLock(lock?.entries, snapshot.hashes);
  const state: LockState = lock
    ? {
        state: lockProblems.length === 0 ? "locked" : "changed",
        version,
        lockedVersion: lock.version,
        lockedAt: lock.createdAt.toISOString(),
        lockedBy: lock.lockedBy,
      }
    : { state: "unlocked", version };
  return {
    ...snapshot,
    problems: [...snapshot.problems, ...lockProblems],
    lock: state,
    lockedHashes: lock?.entries,
  };
}

/**
 * Records the content hash of every reference and manifest. A deliberate human act: it refuses a
 * bible with errors of its own (a missing turnaround is not something to lock in).
 */
export async function lockBible(
  deps: BibleDeps,
  lockedBy: string,
): Promise<{ version: string; entries: number; problems: Problem[] }> {
  const snapshot = await readBible(deps.storage, deps.probe);
  if (hasErrors(snapshot.problems)) {
    throw new AppError(
      "BIBLE_HAS_ERRORS",
      `the bible at ${deps.storage.uri} has errors; fix them before locking:\n  ${snapshot.problems
        .filter((problem) => problem.severity === "error")
        .map((problem) => problem.message)
        .join("\n  ")}`,
      { problems: snapshot.problems },
    );
  }
  const version = bibleVersion(snapshot.hashes);
  await insertBibleLock(deps.db, { bibleUri: deps.storage.uri, version, entries: snapshot.hashes, lockedBy });
  return { version, entries: Object.keys(snapshot.hashes).length, problems: snapshot.problems };
}
