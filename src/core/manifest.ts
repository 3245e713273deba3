import { z } from "zod";
import { AppError } from "./app-error.ts";
import { slugSchema } from "./slug.ts";

/**
 * The per-scene shot manifest (scenes/<scene>/manifest.json). Identity lives in the bible's
 * turnarounds; wardrobe lives here, per shot, because the same character wears different
 * clothes in different scenes.
 */
const castMemberSchema = z.strictObject({
  id: slugSchema,
  wardrobe: z.string().trim().min(1, "must describe what the character wears in this shot"),
});

/** A panel key is relative to the bible root, e.g. "scenes/scene1/panels/1A.png". */
const bibleKeySchema = z
  .string()
  .min(1)
  .refine((key) => !key.startsWith("/") && !key.split("/").some((part) => part === ".." || part === "."), {
    message: "must be a key inside the bible, without '..' or a leading '/'",
  });

/**
 * The clip lengths any video model makes in one generation (the shortest documented is 1 s, the
 * longest a few tens of seconds); the capabilities table then bounds each model more tightly.
 * A duration outside these is a typo, not a shot, and must never reach a paid call.
 */
export const SHOT_DURATION_BOUNDS = { minSeconds: 1, maxSeconds: 60 } as const;

export const shotSchema = z.strictObject({
  id: slugSchema,
  order: z.number().int().positive(),
  characters: z.array(castMemberSchema),
  location: slugSchema,
  props: z.array(z.string().trim().min(1)).default([]),
  camera: z.string().trim().min(1),
  motion: z.string().trim().min(1),
  duration: z
    .number()
    .min(
      SHOT_DURATION_BOUNDS.minSeconds,
      `must be at least ${SHOT_DURATION_BOUNDS.minSeconds} s: no video model makes a shorter clip`,
    )
    .max(
      SHOT_DURATION_BOUNDS.maxSeconds,
      `must be at most ${SHOT_DURATION_BOUNDS.maxSeconds} s: no video model makes a longer clip in one generation`,
    ),
  /** An existing storyboard panel to validate before anything is generated. */
  panel: bibleKeySchema.optional(),
  /** Start+end-frame ("Frames") mode: what the last frame shows, optionally an existing end panel. */
  end: z
    .strictObject({
      description: z.string().trim().min(1),
      panel: bibleKeySchema.optional(),
    })
    .optional(),
});

export const manifestSchema = z.strictObject({
  scene: slugSchema,
  title: z.string().optional(),
  shots: z.array(shotSchema).min(1, "a scene needs at least one shot"),
});

export type Shot = z.infer<typeof shotSchema>;
export type CastMember = z.infer<typeof castMemberSchema>;
export type Manifest = z.infer<typeof manifestSchema>;

/** "shots[3].characters[0].wardrobe" from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(root)";
}

/** Parses manifest text; every error names the file and the field path. */
export function parseManifest(text: string, key: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError("MANIFEST_INVALID_JSON", `${key}: not valid JSON (${(error as Error).message})`, {
      key,
    });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
    throw new AppError("MANIFEST_INVALID", `${key}: ${lines.join("; ")}`, { key, issues: lines });
  }
  return parsed.data;
}

export function orderedShots(manifest: Manifest): Shot[] {
  return [...manifest.shots].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}
