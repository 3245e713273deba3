/**
 * Object storage as the bible and the artifact store need it: a local folder or any S3 API.
 * Keys use "/" separators and never start with "/".
 */
export interface StoredObjectInfo {
  size: number;
  modified?: Date;
}

export interface Storage {
  /** Where this storage points, for messages: a folder path or s3://bucket/prefix. */
  readonly uri: string;
  /** The immediate "folder" names under a prefix ending in "/", e.g. listFolders("characters/") -> ["mia", ...]. */
  listFolders(prefix: string): Promise<string[]>;
  /** Every key under a prefix, recursively, sorted. */
  listKeys(prefix: string): Promise<string[]>;
  /** The object's bytes; an AppError STORAGE_NOT_FOUND when there is none. */
  read(key: string): Promise<Buffer>;
  write(key: string, body: Buffer | string, contentType?: string): Promise<void>;
  /** Size and time of an object, or undefined when there is none. */
  stat(key: string): Promise<StoredObjectInfo | undefined>;
}
