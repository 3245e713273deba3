// A process that opens the embedded database in a data folder and keeps it open doing nothing
// else, so a test can kill the folder's holder without killing anyone's shot work.
// Usage: tsx test/helpers/hold-embedded-folder.ts <data-folder>/db
import { createDatabase, ping } from "../../db/create-db.ts";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: hold-embedded-folder.ts <dir>");
const database = await createDatabase({ dataDir });
await ping(database.db);
process.stdout.write("holding\n");
setInterval(() => {}, 60_000);
process.once("SIGTERM", () => void database.close().then(() => process.exit(0)));
