import path from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "../core/app-error.ts";
import type { Storage } from "../ports/storage.ts";
import { createFolderStorage } from "./folder-storage.ts";

/**
 * Where a bible or an artifact store lives, as a user writes it: "s3://bucket/some/prefix",
 * or a folder path (relative to the working directory, or a file:// URL).
 */
export type StorageLocation =
  | { kind: "folder"; path: string }
  | { kind: "s3"; bucket: string; prefix: string };

function invalidUri(uri: string, problem: string): AppError {
  return new AppError("STORAGE_INVALID_URI", `${JSON.stringify(uri)} is not a storage location: ${problem}`, {
    uri,
    problem,
  });
}

// Every character any S3 API accepts in a bucket name (legacy AWS buckets allow capitals and "_").
const BUCKET_NAME = /^[A-Za-z0-9._-]+$/;
// "r2://..." or "gs://..." read as a relative folder would quietly create a folder named "r2:".
const ANY_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

function folderOfFileUrl(uri: string): string {
  try {
    return fileURLToPath(uri);
  } catch (error) {
    throw invalidUri(uri, error instanceof Error ? error.message : String(error));
  }
}

export function parseStorageUri(uri: string): StorageLocation {
  if (uri.trim() === "") throw invalidUri(uri, "it is empty");
  if (/^s3:\/\//i.test(uri)) {
    const [bucket = "", ...rest] = uri.slice("s3://".length).split("/");
    if (bucket === "") throw invalidUri(uri, "it names no bucket (expected s3://bucket/optional/prefix)");
    if (!BUCKET_NAME.test(bucket)) throw invalidUri(uri, `${JSON.stringify(bucket)} is not a bucket name`);
    // Repeated or trailing slashes are typing slips, not empty folder names.
    const segments = rest.filter((segment) => segment !== "");
    const oddSegment = segments.find(
      (segment) => segment === "." || segment === ".." || segment.includes("\\"),
    );
    if (oddSegment !== undefined)
      throw invalidUri(uri, `the prefix has a ${JSON.stringify(oddSegment)} segment`);
    return { kind: "s3", bucket, prefix: segments.length === 0 ? "" : `${segments.join("/")}/` };
  }
  if (/^file:\/\//i.test(uri)) return { kind: "folder", path: folderOfFileUrl(uri) };
  if (ANY_SCHEME.test(uri)) throw invalidUri(uri, "only s3:// URIs and folder paths are supported");
  return { kind: "folder", path: path.resolve(uri) };
}

/** The canonical spelling of a location, as messages show it: "s3://bucket/prefix" or an absolute path. */
export function formatStorageLocation(location: StorageLocation): string {
  if (location.kind === "folder") return location.path;
  return `s3://${location.bucket}${location.prefix === "" ? "" : `/${location.prefix.slice(0, -1)}`}`;
}

/** Where an s3:// location is opened: the caller owns the client (and when its SDK is loaded). */
export type OpenS3 = (location: { bucket: string; prefix: string; uri: string }) => Storage;

/** The storage a URI names. S3 is opened by `s3` only when an s3:// URI needs it. */
export function openStorage(uri: string, s3: OpenS3): Storage {
  const location = parseStorageUri(uri);
  if (location.kind === "folder") return createFolderStorage(location.path);
  return s3({ bucket: location.bucket, prefix: location.prefix, uri: formatStorageLocation(location) });
}
