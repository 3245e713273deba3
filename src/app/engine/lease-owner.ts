import { randomBytes } from "node:crypto";

/**
 * A lease is held by one claim, not by a worker process: two jobs of one worker (a re-delivered
 * job, a settle from another shot) must never both hold a shot or a scene gate, or both would
 * pay for its next step.
 */
export function newLeaseOwner(workerId: string): string {
  return `${workerId}/${randomBytes(3).toString("hex")}`;
}
