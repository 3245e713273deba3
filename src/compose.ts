import { join, resolve } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { createDatabase, type Database } from "../db/create-db.ts";
import { createS3Client } from "./adapters/s3-storage.ts";
import { createSharpImageProbe } from "./adapters/sharp-image-probe.ts";
import { openStorage } from "./adapters/storage-uri.ts";
import type { Config } from "./config.ts";
import type { ImageProbe } from "./ports/image-probe.ts";
import type { Storage } from "./ports/storage.ts";

/**
 * The composition root: the only place that picks adapters from configuration. Everything is
 * created on first use and owned by this object, so `--help` opens no database and tests can
 * build as many independent apps as they like.
 */
export interface App {
  config: Config;
  probe: ImageProbe;
  database(): Promise<Database>;
  openBible(uri?: string): Storage;
  artifacts(): Storage;
  close(): Promise<void>;
}

export function composeApp(config: Config): App {
  let database: Promise<Database> | undefined;
  let s3: S3Client | undefined;
  let artifacts: Storage | undefined;
  const s3Client = () => {
    s3 ??= createS3Client({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
    return s3;
  };
  return {
    config,
    probe: createSharpImageProbe(),
    database() {
      database ??= createDatabase({
        url: config.DATABASE_URL,
        dataDir: resolve(config.CONTINUITY_DATA_DIR, "db"),
      });
      return database;
    },
    openBible(uri = config.CONTINUITY_BIBLE) {
      return openStorage(uri, { client: s3Client });
    },
    artifacts() {
      const store =
        artifacts ??
        openStorage(config.CONTINUITY_ARTIFACTS ?? join(config.CONTINUITY_DATA_DIR, "artifacts"), {
          client: s3Client,
        });
      artifacts = store;
      return store;
    },
    async close() {
      // A database that failed to open has nothing to close; its error was already reported.
      const opened = await database?.catch(() => undefined);
      await opened?.close();
      s3?.destroy();
    },
  };
}
