import { join, resolve } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { createDatabase, type Database } from "../../../db/create-db.ts";
import { openStorage } from "../../adapters/storage-uri.ts";
import type { App } from "../../app/app.ts";
import type { Config } from "../../config.ts";
import type { Storage } from "../../ports/storage.ts";
import { lazyImageProbe } from "./lazy-image-probe.ts";
import { lazyStorage } from "./lazy-storage.ts";

/**
 * The App of the composition root (with compose-runtime.ts the only code that picks adapters):
 * the database, the bible and the artifact store as configuration names them. An adapter's SDK
 * is imported when the adapter is first used, so a command loads only what it touches.
 */
export function composeApp(config: Config): App {
  let database: Promise<Database> | undefined;
  let s3: Promise<S3Client> | undefined;
  let artifacts: Storage | undefined;
  const s3Client = async () => {
    const { createS3Client } = await import("../../adapters/s3-storage.ts");
    s3 ??= Promise.resolve().then(() =>
      createS3Client({
        endpoint: config.S3_ENDPOINT,
        region: config.S3_REGION,
        accessKeyId: config.S3_ACCESS_KEY_ID,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY,
        forcePathStyle: config.S3_FORCE_PATH_STYLE,
      }),
    );
    return s3;
  };
  const open = (uri: string) =>
    openStorage(uri, (location) =>
      lazyStorage(location.uri, async () => {
        const { createS3Storage } = await import("../../adapters/s3-storage.ts");
        return createS3Storage({ ...location, client: await s3Client() });
      }),
    );
  return {
    config,
    probe: lazyImageProbe(),
    database() {
      database ??= createDatabase({
        url: config.DATABASE_URL,
        dataDir: resolve(config.CONTINUITY_DATA_DIR, "db"),
      });
      return database;
    },
    openBible(uri = config.CONTINUITY_BIBLE) {
      return open(uri);
    },
    artifacts() {
      artifacts ??= open(config.CONTINUITY_ARTIFACTS ?? join(config.CONTINUITY_DATA_DIR, "artifacts"));
      return artifacts;
    },
    async close() {
      // A database that failed to open has nothing to close; its error was already reported.
      const opened = await database?.catch(() => undefined);
      await opened?.close();
      (await s3?.catch(() => undefined))?.destroy();
    },
  };
}
