import path from "node:path";
import { describe, expect, it } from "vitest";
import { openStorage, parseStorageUri } from "../../src/adapters/storage-uri.ts";
import { isAppError } from "../../src/core/app-error.ts";
import type { Storage } from "../../src/ports/storage.ts";

function errorOf(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("parseStorageUri", () => {
  it.each([
    ["s3://films/bibles/pilot", "films", "bibles/pilot/"],
    ["s3://films/bibles/pilot/", "films", "bibles/pilot/"],
    ["s3://films//bibles///pilot//", "films", "bibles/pilot/"],
    ["s3://films", "films", ""],
    ["s3://films/", "films", ""],
    ["S3://Legacy_Bucket.v2/x", "Legacy_Bucket.v2", "x/"],
  ])("reads %s as bucket %s, prefix %j", (uri, bucket, prefix) => {
    expect(parseStorageUri(uri)).toEqual({ kind: "s3", bucket, prefix });
  });

  it("reads anything else as a folder, resolved to an absolute path", () => {
    expect(parseStorageUri("bible")).toEqual({ kind: "folder", path: path.resolve("bible") });
    expect(parseStorageUri("./data/../bible")).toEqual({ kind: "folder", path: path.resolve("bible") });
    expect(parseStorageUri("/srv/films/bible")).toEqual({ kind: "folder", path: "/srv/films/bible" });
    expect(parseStorageUri("file:///srv/films/bible")).toEqual({ kind: "folder", path: "/srv/films/bible" });
  });

  it.each([
    ["s3://", "names no bucket"],
    ["s3:///bibles/pilot", "names no bucket"],
    ["s3://films/../other", '".." segment'],
    ["s3://bad bucket/x", "not a bucket name"],
    ["r2://films/bible", "only s3:// URIs and folder paths"],
    ["", "empty"],
    ["   ", "empty"],
  ])("refuses %j as STORAGE_INVALID_URI", (uri, problem) => {
    const error = errorOf(() => parseStorageUri(uri));
    expect(isAppError(error, "STORAGE_INVALID_URI")).toBe(true);
    expect((error as Error).message).toContain(JSON.stringify(uri));
    expect((error as Error).message).toContain(problem);
  });
});

describe("openStorage", () => {
  const noS3 = (): Storage => {
    throw new Error("S3 must not be opened for a folder");
  };

  it("opens a folder without opening S3", () => {
    expect(openStorage("bible", noS3).uri).toBe(path.resolve("bible"));
  });

  it("opens S3 through the opener, at the location in its canonical spelling", () => {
    const opened: { bucket: string; prefix: string; uri: string }[] = [];
    const s3 = (location: { bucket: string; prefix: string; uri: string }) => {
      opened.push(location);
      return { uri: location.uri } as Storage;
    };
    expect(openStorage("s3://films//bibles/pilot/", s3).uri).toBe("s3://films/bibles/pilot");
    expect(openStorage("s3://films", s3).uri).toBe("s3://films");
    expect(opened).toEqual([
      { bucket: "films", prefix: "bibles/pilot/", uri: "s3://films/bibles/pilot" },
      { bucket: "films", prefix: "", uri: "s3://films" },
    ]);
  });
});
