import type { Storage } from "../../ports/storage.ts";

/**
 * A storage whose adapter is opened at its first call, so naming an s3:// bible loads the S3 SDK
 * only when something is read or written (`status --bible s3://…` only needs the name).
 */
export function lazyStorage(uri: string, open: () => Promise<Storage>): Storage {
  let opened: Promise<Storage> | undefined;
  const storage = () => {
    opened ??= open();
    return opened;
  };
  return {
    uri,
    listFolders: async (prefix) => (await storage()).listFolders(prefix),
    listKeys: async (prefix) => (await storage()).listKeys(prefix),
    read: async (key) => (await storage()).read(key),
    write: async (key, body, contentType) => (await storage()).write(key, body, contentType),
    stat: async (key) => (await storage()).stat(key),
  };
}
