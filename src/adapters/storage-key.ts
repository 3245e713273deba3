import { AppError } from "../core/app-error.ts";

/**
 * The keys both storage adapters accept, checked in one place so a key that works against S3
 * also works against a folder (and the other way round). The folder adapter turns keys into
 * paths, so anything that could leave its root is refused everywhere.
 */
type KeyKind = "key" | "prefix" | "folder prefix";

function problemWith(value: string, kind: KeyKind): string | undefined {
  if (kind === "key" && value === "") return "is empty";
  if (value.startsWith("/")) return "starts with / (keys are relative)";
  if (value.includes("\\")) return "contains a backslash (keys use / separators)";
  if (value.includes("\0")) return "contains a NUL character";
  if (kind === "key" && value.endsWith("/")) return "ends with / (that names a folder, not an object)";
  if (kind === "folder prefix" && value !== "" && !value.endsWith("/")) return "must be empty or end with /";
  // A trailing "/" leaves one empty last segment; that is the only empty segment allowed.
  const segments = value.split("/");
  if (value.endsWith("/") || value === "") segments.pop();
  for (const segment of segments) {
    if (segment === "") return "contains an empty segment (//)";
    if (segment === "." || segment === "..") return `contains a "${segment}" segment`;
  }
  return undefined;
}

function assertValid(value: string, kind: KeyKind, uri: string): void {
  const problem = problemWith(value, kind);
  if (problem === undefined) return;
  throw new AppError(
    "STORAGE_INVALID_KEY",
    `${uri}: invalid storage ${kind} ${JSON.stringify(value)}: it ${problem}`,
    { key: value, problem },
  );
}

/** An object key such as "characters/mia/mia_turnaround_APPROVED.png". */
export function assertObjectKey(key: string, uri: string): void {
  assertValid(key, "key", uri);
}

/** A listing prefix: "" or any key-like text, matched as a plain string prefix as S3 does. */
export function assertKeyPrefix(prefix: string, uri: string): void {
  assertValid(prefix, "prefix", uri);
}

/** A prefix whose immediate folders are listed: "" (the root) or one ending in "/". */
export function assertFolderPrefix(prefix: string, uri: string): void {
  assertValid(prefix, "folder prefix", uri);
}

/** "<uri>/<key>" for messages, without doubling a "/" when the uri already ends in one. */
export function describeKey(uri: string, key: string): string {
  return `${uri.replace(/\/+$/, "")}/${key}`;
}
