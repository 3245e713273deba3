import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../../..");

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? sources(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]),
    ),
  );
  return nested.flat().filter((file) => file.endsWith(".ts"));
}

describe("one governor", () => {
  it("is the only code outside the budget queries that reserves or closes money", async () => {
    const offenders: string[] = [];
    for (const file of [...(await sources(join(ROOT, "src"))), ...(await sources(join(ROOT, "commands")))]) {
      const path = relative(ROOT, file);
      if (path.startsWith("src/app/governor/")) continue;
      const text = await readFile(file, "utf8");
      if (/\b(reserveBudget|closeReservation)\b/.test(text)) offenders.push(path);
    }
    expect(offenders).toEqual([]);
  });
});
