import { createHash } from "node:crypto";
import type { Problem } from "./problem.ts";

/** key -> sha256 of its content, for every reference and manifest. */
export type BibleHashes = Record<string, string>;

export function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The bible version: one hash over the sorted key/hash pairs, so any change to any reference changes it. */
export function bibleVersion(hashes: BibleHashes): string {
  const lines = Object.keys(hashes)
    .sort()
    .map((key) => `${key}\t${hashes[key]}`);
  return sha256(lines.join("\n")).slice(0, 16);
}

/** The problems compareWithLock reports for a reference that differs from its lock. */
const LOCK_PROBLEM_CODES = new Set(["REFERENCE_ADDED", "REFERENCE_CHANGED", "REFERENCE_REMOVED"]);

export function isLockProblem(problem: Problem): boolean {
  return LOCK_PROBLEM_CODES.has(problem.code);
}

/**
 * Compares the bible now with its lock. A reference that changed after locking blocks runs until
 * someone re-locks on purpose; so do added and removed ones, because the roster is part of the truth.
 */
export function compareWithLock(locked: BibleHashes | undefined, current: BibleHashes): Problem[] {
  if (!locked) {
    return [
      {
        code: "NOT_LOCKED",
        severity: "warning",
        message: "the bible has never been locked; run `continuity bible lock` to record its references",
      },
    ];
  }
  const problems: Problem[] = [];
  for (const [key, hash] of Object.entries(current)) {
    const was = locked[key];
    if (was === undefined) {
      problems.push({
        code: "REFERENCE_ADDED",
        severity: "error",
        message: `${key} was added after the lock; re-lock the bible if it is approved`,
        key,
      });
    } else if (was !== hash) {
      problems.push({
        code: "REFERENCE_CHANGED",
        severity: "error",
        message: `${key} changed since the lock (was ${was.slice(0, 12)}, now ${hash.slice(0, 12)}); re-lock the bible if the change is approved`,
        key,
      });
    }
  }
  for (const key of Object.keys(locked)) {
    if (!(key in current)) {
      problems.push({
        code: "REFERENCE_REMOVED",
        severity: "error",
        message: `${key} was locked but is gone from the bible`,
        key,
      });
    }
  }
  return problems;
}
