import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFolderStorage } from "../../src/adapters/folder-storage.ts";
import { createS3Client, createS3Storage } from "../../src/adapters/s3-storage.ts";
import { isAppError } from "../../src/core/app-error.ts";
import type { Storage } from "../../src/ports/storage.ts";
import { type S3TestServer, startS3Server } from "../helpers/s3-server.ts";

/**
 * One contract for the Storage port, run against every adapter: the bible and the artifact
 * store must behave the same whether they live in a folder or in R2.
 */
interface AdapterUnderTest {
  name: string;
  start(): Promise<{ storageIn(space: string): Storage; stop(): Promise<void> }>;
}

const adapters: AdapterUnderTest[] = [
  {
    name: "folder",
    async start() {
      const root = await mkdtemp(path.join(tmpdir(), "continuity-folder-storage-"));
      return {
        storageIn: (space) => createFolderStorage(path.join(root, space)),
        stop: () => rm(root, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "s3",
    async start() {
      const server = await startS3Server();
      return {
        storageIn: (space) =>
          createS3Storage({
            client: server.client,
            bucket: server.bucket,
            prefix: `${space}/`,
            uri: `s3://${server.bucket}/${space}`,
          }),
        stop: () => server.close(),
      };
    },
  },
];

const BIBLE_LAYOUT = {
  "characters/mia/mia_turnaround_APPROVED.png": "mia",
  "characters/leo/leo_turnaround_APPROVED.png": "leo",
  "characters/leo/notes.txt": "leo notes",
  "locations/diner/diner_plate_APPROVED.png": "diner",
  "scenes/opening/manifest.json": "{}",
};

async function writeAll(storage: Storage, objects: Record<string, string>): Promise<void> {
  for (const [key, body] of Object.entries(objects)) await storage.write(key, body);
}

async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error.code;
}

/** Runs work over items at most `limit` at a time: s3rver (like R2) copes badly with floods. */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

describe.each(adapters)("$name storage", (adapter) => {
  let storageIn: (space: string) => Storage;
  let stop: () => Promise<void> = async () => {};
  let spaces = 0;
  // Each test gets its own root or prefix, so tests never see each other's objects.
  const freshStorage = () => storageIn(`space-${++spaces}`);

  beforeAll(async () => {
    ({ storageIn, stop } = await adapter.start());
  });
  afterAll(async () => {
    await stop();
  });

  it("reads back what it wrote, from a Buffer or a string", async () => {
    const storage = freshStorage();
    const bytes = Buffer.from([0, 1, 2, 0x89, 0x50, 0x4e, 0x47, 255]);
    await storage.write("characters/mia/mia_turnaround_APPROVED.png", bytes, "image/png");
    await storage.write("scenes/opening/manifest.json", '{"title":"café ✓"}', "application/json");

    expect(await storage.read("characters/mia/mia_turnaround_APPROVED.png")).toEqual(bytes);
    expect((await storage.read("scenes/opening/manifest.json")).toString("utf8")).toBe('{"title":"café ✓"}');
  });

  it("replaces an object on a second write", async () => {
    const storage = freshStorage();
    await storage.write("notes.txt", "first, and longer");
    await storage.write("notes.txt", "second");
    expect((await storage.read("notes.txt")).toString()).toBe("second");
  });

  it("stores an empty object", async () => {
    const storage = freshStorage();
    await storage.write("empty.txt", "");
    expect(await storage.read("empty.txt")).toEqual(Buffer.alloc(0));
    expect((await storage.stat("empty.txt"))?.size).toBe(0);
  });

  it("reports a missing object as STORAGE_NOT_FOUND, naming the storage and the key", async () => {
    const storage = freshStorage();
    await storage.write("characters/mia/mia_turnaround_APPROVED.png", "mia");

    const error = await storage
      .read("characters/jenny/jenny_turnaround_APPROVED.png")
      .catch((thrown) => thrown);
    expect(isAppError(error, "STORAGE_NOT_FOUND")).toBe(true);
    expect(error.message).toBe(
      `${storage.uri}/characters/jenny/jenny_turnaround_APPROVED.png: no such object`,
    );
    expect(error.details).toEqual({ key: "characters/jenny/jenny_turnaround_APPROVED.png" });
    // A folder is not an object.
    expect(await errorCodeOf(storage.read("characters/mia"))).toBe("STORAGE_NOT_FOUND");
  });

  it("stats an object's size and time, and nothing for a missing key or a folder", async () => {
    const storage = freshStorage();
    const before = Date.now();
    await storage.write("locations/diner/diner_plate_APPROVED.png", Buffer.alloc(1234, 7));

    const info = await storage.stat("locations/diner/diner_plate_APPROVED.png");
    expect(info?.size).toBe(1234);
    expect(info?.modified).toBeInstanceOf(Date);
    // S3 keeps whole seconds; allow for that and for clock rounding.
    expect(Math.abs((info?.modified?.getTime() ?? 0) - before)).toBeLessThan(60_000);

    expect(await storage.stat("locations/diner/missing.png")).toBeUndefined();
    expect(await storage.stat("locations/diner")).toBeUndefined();
    expect(await storage.stat("nowhere/at/all.png")).toBeUndefined();
  });

  it("lists the immediate folders under a prefix, sorted", async () => {
    const storage = freshStorage();
    await writeAll(storage, BIBLE_LAYOUT);

    expect(await storage.listFolders("characters/")).toEqual(["leo", "mia"]);
    expect(await storage.listFolders("locations/")).toEqual(["diner"]);
    expect(await storage.listFolders("characters/mia/")).toEqual([]);
    expect(await storage.listFolders("props/")).toEqual([]);
  });

  it("lists folders at the root, and files there are not folders", async () => {
    const storage = freshStorage();
    // Each folder holds a file directly: s3rver (unlike S3) drops a folder holding only subfolders.
    await writeAll(storage, { "bible.lock": "{}", "characters/index.json": "[]", "scenes/index.json": "[]" });
    expect(await storage.listFolders("")).toEqual(["characters", "scenes"]);
  });

  it("lists every key under a prefix, recursively and sorted", async () => {
    const storage = freshStorage();
    await writeAll(storage, BIBLE_LAYOUT);

    expect(await storage.listKeys("")).toEqual(Object.keys(BIBLE_LAYOUT).sort());
    expect(await storage.listKeys("characters/")).toEqual([
      "characters/leo/leo_turnaround_APPROVED.png",
      "characters/leo/notes.txt",
      "characters/mia/mia_turnaround_APPROVED.png",
    ]);
    // A prefix is matched as text, as S3 does, not only at folder boundaries.
    expect(await storage.listKeys("characters/m")).toEqual(["characters/mia/mia_turnaround_APPROVED.png"]);
    expect(await storage.listKeys("characters/leo/notes")).toEqual(["characters/leo/notes.txt"]);
    expect(await storage.listKeys("props/")).toEqual([]);
  });

  it("sees nothing outside its own root or prefix", async () => {
    const storage = freshStorage();
    const neighbour = freshStorage();
    await storage.write("characters/mia/mia_turnaround_APPROVED.png", "mia");

    expect(await neighbour.listKeys("")).toEqual([]);
    expect(await neighbour.listFolders("")).toEqual([]);
    expect(await neighbour.stat("characters/mia/mia_turnaround_APPROVED.png")).toBeUndefined();
  });

  it.each([
    ["an absolute key", "/etc/passwd"],
    ["a parent segment", "../outside.txt"],
    ["a parent segment deeper down", "characters/../../outside.txt"],
    ["a current-folder segment", "./characters/mia.png"],
    ["a backslash", "characters\\mia.png"],
    ["an empty segment", "characters//mia.png"],
    ["a folder name", "characters/mia/"],
    ["an empty key", ""],
  ])("refuses %s as STORAGE_INVALID_KEY", async (_, key) => {
    const storage = freshStorage();
    expect(await errorCodeOf(storage.write(key, "escape"))).toBe("STORAGE_INVALID_KEY");
    expect(await errorCodeOf(storage.read(key))).toBe("STORAGE_INVALID_KEY");
    expect(await errorCodeOf(storage.stat(key))).toBe("STORAGE_INVALID_KEY");
    expect(await storage.listKeys("")).toEqual([]);
  });

  it("refuses listing prefixes that escape the root or name no folder", async () => {
    const storage = freshStorage();
    expect(await errorCodeOf(storage.listKeys("../"))).toBe("STORAGE_INVALID_KEY");
    expect(await errorCodeOf(storage.listKeys("/"))).toBe("STORAGE_INVALID_KEY");
    expect(await errorCodeOf(storage.listFolders("../"))).toBe("STORAGE_INVALID_KEY");
    expect(await errorCodeOf(storage.listFolders("characters"))).toBe("STORAGE_INVALID_KEY");
  });
});

describe("folder storage on disk", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "continuity-folder-disk-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("writes by renaming a finished file into place, leaving nothing else behind", async () => {
    const storage = createFolderStorage(root);
    await storage.write("characters/mia/mia_turnaround_APPROVED.png", Buffer.alloc(100_000, 1));
    await storage.write("characters/mia/mia_turnaround_APPROVED.png", Buffer.alloc(50, 2));

    expect(await readdir(path.join(root, "characters/mia"))).toEqual(["mia_turnaround_APPROVED.png"]);
    expect(await storage.read("characters/mia/mia_turnaround_APPROVED.png")).toEqual(Buffer.alloc(50, 2));
  });

  it("does not list a write that a crash left unfinished", async () => {
    const storage = createFolderStorage(root);
    await storage.write("locations/diner/diner_plate_APPROVED.png", "plate");
    await writeFile(path.join(root, "locations/diner/.continuity-partial-0123456789abcdef"), "half a pl");

    expect(await storage.listKeys("locations/")).toEqual(["locations/diner/diner_plate_APPROVED.png"]);
  });
});

describe("s3 storage against s3rver", () => {
  let server: S3TestServer;
  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    await server?.close();
  });

  const storageAt = (prefix: string, bucket = server.bucket) =>
    createS3Storage({ client: server.client, bucket, prefix, uri: `s3://${bucket}/${prefix.slice(0, -1)}` });

  it("follows continuation tokens through every page of keys and of folders", async () => {
    // 1,050 character folders with one file each, and 1,100 loose files that sort between
    // them. s3rver counts only objects (not folders) towards its 1,000-a-page limit, so the
    // loose files are what force the folder listing onto a second page; real S3 counts both.
    const folders = Array.from(
      { length: 1050 },
      (_, i) => `${i < 525 ? "a" : "c"}${String(i).padStart(4, "0")}`,
    );
    const looseKeys = Array.from({ length: 1100 }, (_, i) => `characters/b${String(i).padStart(4, "0")}.txt`);
    const folderKeys = folders.map((name) => `characters/${name}/${name}_turnaround_APPROVED.png`);
    const storage = storageAt("paged/");
    await forEachLimited([...looseKeys, ...folderKeys], 20, (key) => storage.write(key, "x"));

    // Count requests with a client of our own, so the shared one stays untouched.
    const client = createS3Client({
      endpoint: server.endpoint,
      region: "auto",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    });
    let listRequests = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "ListObjectsV2Command") listRequests++;
        return next(args);
      },
      { step: "initialize", name: "countListRequests" },
    );
    const counted = createS3Storage({ client, bucket: server.bucket, prefix: "paged/", uri: "s3://paged" });
    try {
      expect(await counted.listFolders("characters/")).toEqual(folders);
      expect(listRequests).toBe(2);

      listRequests = 0;
      expect(await counted.listKeys("characters/")).toEqual([...looseKeys, ...folderKeys].sort());
      expect(listRequests).toBe(3);
    } finally {
      client.destroy();
    }
  });

  it("turns other S3 failures into STORAGE_ERROR naming the bucket, key and S3 error, never credentials", async () => {
    const storage = storageAt("bible/", "no-such-bucket");
    const error = await storage.read("characters/mia/mia_turnaround_APPROVED.png").catch((thrown) => thrown);

    expect(isAppError(error, "STORAGE_ERROR")).toBe(true);
    expect(error.message).toBe(
      "s3://no-such-bucket/bible/characters/mia/mia_turnaround_APPROVED.png: S3 GetObject failed: NoSuchBucket (HTTP 404)",
    );
    expect(JSON.stringify(error.details)).not.toContain("S3RVER");
    expect(await errorCodeOf(storage.listFolders("characters/"))).toBe("STORAGE_ERROR");
    expect(await errorCodeOf(storage.write("a.txt", "a"))).toBe("STORAGE_ERROR");
  });

  it("lists a console-made folder marker as a folder but not as a key", async () => {
    const storage = storageAt("markers/");
    await storage.write("characters/mia/mia_turnaround_APPROVED.png", "mia");
    await server.client.send(
      new PutObjectCommand({ Bucket: server.bucket, Key: "markers/characters/jenny/", Body: "" }),
    );

    expect(await storage.listFolders("characters/")).toEqual(["jenny", "mia"]);
    expect(await storage.listKeys("characters/")).toEqual(["characters/mia/mia_turnaround_APPROVED.png"]);
  });

  it("refuses a key prefix that does not end in /", () => {
    expect(() => storageAt("bible")).toThrowError(expect.objectContaining({ code: "STORAGE_INVALID_URI" }));
  });
});
