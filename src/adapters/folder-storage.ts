import { randomBytes } from "node:crypto";
import type { Dirent } from "node:fs";
import { mkdir, open, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../core/app-error.ts";
import type { Storage, StoredObjectInfo } from "../ports/storage.ts";
import { assertFolderPrefix, assertKeyPrefix, assertObjectKey, describeKey } from "./storage-key.ts";

/**
 * Storage in a local folder: the embedded default for the bible and the artifact store.
 * Keys map to files under the root; "folders" are directories.
 */

// Writes land in a hidden sibling first and are renamed into place; listings skip these, so a
// reader never sees a half-written artifact, even after a crash mid-write.
const PARTIAL_WRITE_PREFIX = ".continuity-partial-";

const MISSING_CODES = new Set(["ENOENT", "ENOTDIR"]);

function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

function storageError(where: string, operation: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const cause = errnoCode(error) ?? (error instanceof Error ? error.message : String(error));
  return new AppError("STORAGE_ERROR", `${where}: could not ${operation} (${cause})`, { where, cause });
}

/** A directory's entries, or none when it does not exist (an empty prefix, as in S3). */
async function entriesOf(directory: string): Promise<Dirent[]> {
  try {
    return await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (MISSING_CODES.has(errnoCode(error) ?? "")) return [];
    throw storageError(directory, "list the folder", error);
  }
}

/** Follows symbolic links, so a bible assembled from links to approved files lists like a copy. */
async function kindOf(directory: string, entry: Dirent): Promise<"file" | "directory" | "other"> {
  if (entry.isFile()) return "file";
  if (entry.isDirectory()) return "directory";
  if (!entry.isSymbolicLink()) return "other";
  const target = await stat(path.join(directory, entry.name)).catch(() => undefined);
  if (target?.isFile()) return "file";
  if (target?.isDirectory()) return "directory";
  return "other";
}

export function createFolderStorage(root: string): Storage {
  const rootPath = path.resolve(root);
  const uri = rootPath;
  const pathOf = (keyOrPrefix: string) => path.join(rootPath, ...keyOrPrefix.split("/"));

  async function collectKeys(directory: string, keyPrefix: string, wanted: string, into: string[]) {
    for (const entry of await entriesOf(directory)) {
      if (entry.name.startsWith(PARTIAL_WRITE_PREFIX)) continue;
      const key = keyPrefix + entry.name;
      const kind = await kindOf(directory, entry);
      if (kind === "file" && key.startsWith(wanted)) into.push(key);
      // Descend only where keys matching the prefix can be, e.g. "characters/mi" enters "mia/".
      const folderKey = `${key}/`;
      if (kind === "directory" && (folderKey.startsWith(wanted) || wanted.startsWith(folderKey))) {
        await collectKeys(path.join(directory, entry.name), folderKey, wanted, into);
      }
    }
  }

  return {
    uri,

    async listFolders(prefix) {
      assertFolderPrefix(prefix, uri);
      const directory = pathOf(prefix);
      const names: string[] = [];
      for (const entry of await entriesOf(directory)) {
        if ((await kindOf(directory, entry)) === "directory") names.push(entry.name);
      }
      return names.sort();
    },

    async listKeys(prefix) {
      assertKeyPrefix(prefix, uri);
      // Start at the deepest folder the prefix names in full; the rest is matched as text.
      const folderPrefix = prefix.slice(0, prefix.lastIndexOf("/") + 1);
      const keys: string[] = [];
      await collectKeys(pathOf(folderPrefix), folderPrefix, prefix, keys);
      return keys.sort();
    },

    async read(key) {
      assertObjectKey(key, uri);
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        const code = errnoCode(error) ?? "";
        // A directory is not an object, just as S3 has no object at "characters/mia".
        if (MISSING_CODES.has(code) || code === "EISDIR") {
          throw new AppError("STORAGE_NOT_FOUND", `${describeKey(uri, key)}: no such object`, { key });
        }
        throw storageError(describeKey(uri, key), "read", error);
      }
    },

    // contentType is not kept: a file has nowhere to store it, and readers go by the key's extension.
    async write(key, body) {
      assertObjectKey(key, uri);
      const target = pathOf(key);
      const directory = path.dirname(target);
      const partial = path.join(directory, `${PARTIAL_WRITE_PREFIX}${randomBytes(8).toString("hex")}`);
      try {
        await mkdir(directory, { recursive: true });
        const handle = await open(partial, "wx");
        try {
          await handle.writeFile(body);
          // The bytes must be on disk before the name points at them, or a power cut can leave
          // the final name on an empty file.
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(partial, target);
      } catch (error) {
        await unlink(partial).catch(() => {});
        throw storageError(describeKey(uri, key), "write", error);
      }
    },

    async stat(key): Promise<StoredObjectInfo | undefined> {
      assertObjectKey(key, uri);
      try {
        const info = await stat(pathOf(key));
        return info.isFile() ? { size: info.size, modified: info.mtime } : undefined;
      } catch (error) {
        if (MISSING_CODES.has(errnoCode(error) ?? "")) return undefined;
        throw storageError(describeKey(uri, key), "stat", error);
      }
    },
  };
}
