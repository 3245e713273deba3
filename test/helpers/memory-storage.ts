import { AppError } from "../../src/core/app-error.ts";
import type { Storage } from "../../src/ports/storage.ts";

/** A Storage held in a Map, for tests that need a bible without a folder. */
export function createMemoryStorage(uri = "memory://bible"): Storage & { objects: Map<string, Buffer> } {
  const objects = new Map<string, Buffer>();
  return {
    uri,
    objects,
    async listFolders(prefix) {
      const folders = new Set<string>();
      for (const key of objects.keys()) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        const slash = rest.indexOf("/");
        if (slash > 0) folders.add(rest.slice(0, slash));
      }
      return [...folders].sort();
    },
    async listKeys(prefix) {
      return [...objects.keys()].filter((key) => key.startsWith(prefix)).sort();
    },
    async read(key) {
      const body = objects.get(key);
      if (!body) throw new AppError("STORAGE_NOT_FOUND", `${uri}/${key} does not exist`, { key });
      return body;
    },
    async write(key, body) {
      objects.set(key, typeof body === "string" ? Buffer.from(body) : Buffer.from(body));
    },
    async stat(key) {
      const body = objects.get(key);
      return body ? { size: body.length } : undefined;
    },
  };
}
