import type { Database } from "../../db/create-db.ts";
import type { Config } from "../config.ts";
import type { ImageProbe } from "../ports/image-probe.ts";
import type { Storage } from "../ports/storage.ts";

/**
 * What every command may use: the configuration, the database, the bible and the artifact store.
 * Built by the composition root (src/main/compose/compose-app.ts); everything is opened on first
 * use and owned by this object, so `--help` opens nothing and tests can build as many as they like.
 */
export interface App {
  config: Config;
  probe: ImageProbe;
  database(): Promise<Database>;
  openBible(uri?: string): Storage;
  artifacts(): Storage;
  close(): Promise<void>;
}
