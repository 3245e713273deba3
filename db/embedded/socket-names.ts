import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { join } from "node:path";

/**
 * Two local sockets per data folder. `lock` is only ever listened on: binding it is the exclusive
 * hold on the folder. On Linux both live in the abstract namespace, which the kernel frees when the
 * holder's process ends however it ends (kill -9 included), so a crashed holder keeps nothing and
 * no PID is ever remembered or signalled. `service` is where the holder serves the database.
 */
export interface SocketNames {
  lock: string;
  service: string;
  /** Filesystem sockets (not Linux) leave a file behind that a new holder must remove. */
  onFilesystem: boolean;
}

export function socketNames(dataDir: string): SocketNames {
  const folder = realpathSync(dataDir);
  if (process.platform === "linux") {
    const id = createHash("sha256").update(folder).digest("hex").slice(0, 24);
    return { lock: `\0continuity-db-${id}-lock`, service: `\0continuity-db-${id}`, onFilesystem: false };
  }
  return { lock: join(folder, ".lock.sock"), service: join(folder, ".s.continuity"), onFilesystem: true };
}
