import { describe, expect, it } from "vitest";
import { checkLockedManifest } from "../../src/app/engine/run-manifest.ts";
import type { RunSettings } from "../../src/app/engine/run-settings.ts";
import { checkShotReferences, loadShotReferences } from "../../src/app/engine/shot-context.ts";
import { isAppError } from "../../src/core/app-error.ts";
import { manifestKey, plateKey, turnaroundKey } from "../../src/core/bible-layout.ts";
import { sha256 } from "../../src/core/bible-lock.ts";
import { sampleShot } from "../fakes/sample-shot.ts";
import { createMemoryStorage } from "../helpers/memory-storage.ts";

const shot = sampleShot();
const png = (text: string) => Buffer.from(`png ${text}`);

/** A bible holding the shot's references, and run settings whose lock matches them. */
function lockedBible() {
  const bible = createMemoryStorage();
  const keys = [turnaroundKey("mara"), turnaroundKey("theo"), plateKey("kitchen")];
  for (const key of keys) bible.objects.set(key, png(key));
  const manifest = JSON.stringify({ scene: "scene1", shots: [shot] });
  bible.objects.set(manifestKey("scene1"), Buffer.from(manifest));
  const lockedHashes = Object.fromEntries(
    [...bible.objects.entries()].map(([key, bytes]) => [key, sha256(bytes)]),
  );
  const settings = { lockedHashes } as Pick<RunSettings, "lockedHashes"> as RunSettings;
  return { bible, settings };
}

describe("the references gate returns its refusals as values", () => {
  it("passes with every reference when the bible matches the lock", async () => {
    const { bible, settings } = lockedBible();
    const outcome = await checkShotReferences({ bible }, settings, shot);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.value.cast.map((member) => member.id)).toEqual(["mara", "theo"]);
      expect(outcome.value.location.key).toBe(plateKey("kitchen"));
    }
  });

  it.each([
    ["changed", "REFERENCE_CHANGED", /changed since the bible was locked/],
    ["missing", "REFERENCE_MISSING", /is missing from the bible/],
    ["not locked", "REFERENCE_NOT_LOCKED", /is not in the bible lock/],
  ] as const)("refuses a %s reference with blame on the bible", async (how, code, reason) => {
    const { bible, settings } = lockedBible();
    const key = turnaroundKey("theo");
    if (how === "changed") bible.objects.set(key, png("edited"));
    if (how === "missing") bible.objects.delete(key);
    if (how === "not locked") delete settings.lockedHashes[key];
    const outcome = await checkShotReferences({ bible }, settings, shot);
    expect(outcome).toMatchObject({ ok: false, blame: "reference", code, details: { key } });
    if (!outcome.ok) expect(outcome.reason).toMatch(reason);
    // A caller to whom a refusal is unexpected gets the same AppError as before.
    const thrown = await loadShotReferences({ bible }, settings, shot).catch((error: unknown) => error);
    expect(isAppError(thrown, code)).toBe(true);
  });

  it("throws what it did not expect (storage failing) instead of refusing", async () => {
    const { bible, settings } = lockedBible();
    bible.read = async () => {
      throw new Error("disk on fire");
    };
    await expect(checkShotReferences({ bible }, settings, shot)).rejects.toThrow("disk on fire");
  });

  it("refuses a manifest that is missing, edited after the lock or not JSON", async () => {
    const missing = lockedBible();
    missing.bible.objects.delete(manifestKey("scene1"));
    expect(await checkLockedManifest(missing.bible, missing.settings, "scene1")).toMatchObject({
      ok: false,
      code: "REFERENCE_MISSING",
      blame: "reference",
    });
    const edited = lockedBible();
    edited.bible.objects.set(manifestKey("scene1"), Buffer.from("{}"));
    expect(await checkLockedManifest(edited.bible, edited.settings, "scene1")).toMatchObject({
      ok: false,
      code: "REFERENCE_CHANGED",
    });
    const garbled = lockedBible();
    garbled.bible.objects.set(manifestKey("scene1"), Buffer.from("{"));
    garbled.settings.lockedHashes[manifestKey("scene1")] = sha256(Buffer.from("{"));
    expect(await checkLockedManifest(garbled.bible, garbled.settings, "scene1")).toMatchObject({
      ok: false,
      code: "MANIFEST_INVALID_JSON",
    });
  });
});
