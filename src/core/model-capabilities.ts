import { z } from "zod";
import { AppError } from "./app-error.ts";

/**
 * The versioned capabilities table, beside the price table: what each model can make, so a shot
 * it cannot make is refused at plan time instead of being paid for and refused by the provider.
 * Replaceable from a file (CONTINUITY_MODELS). A model with no entry fails closed, as prices do.
 * Offline providers either name the real model they stand in for or carry their own entry.
 */
const ratioText = z.string().regex(/^\d{1,2}:\d{1,2}$/, 'expected an aspect ratio like "16:9"');
const sizeText = z.string().regex(/^\d{2,5}x\d{2,5}$/, 'expected WIDTHxHEIGHT like "1344x768"');

const durationsSchema = z.union([
  z.strictObject({ oneOf: z.array(z.number().positive()).min(1, "list at least one duration") }),
  z
    .strictObject({
      min: z.number().positive(),
      max: z.number().positive(),
      /** Whole seconds unless said otherwise: the providers take integers. */
      step: z.number().positive().default(1),
    })
    .refine((range) => range.max >= range.min, { message: "max must not be below min" }),
]);

const videoSchema = z.strictObject({
  role: z.literal("video"),
  durations: durationsSchema,
  /** Takes a last frame (start+end, "Frames" mode). */
  endFrame: z.boolean(),
  /** Omitted: any aspect (the offline renderer). */
  aspectRatios: z.array(ratioText).min(1).optional(),
  resolutions: z.array(z.string().min(1)).min(1),
});

const imageSchema = z.strictObject({
  role: z.literal("image"),
  /** How many input images the model is documented to handle well in one request. */
  referenceImages: z.number().int().positive(),
  aspectRatios: z.array(ratioText).min(1).optional(),
  /** The sizes it answers in, per aspect ratio. */
  outputSizes: z.record(ratioText, sizeText).optional(),
});

const judgeSchema = z.strictObject({
  role: z.literal("judge"),
  imagesPerRequest: z.number().int().positive(),
});

const standsInSchema = z.strictObject({ standsInFor: z.string().min(1) });

const entrySchema = z.union([videoSchema, imageSchema, judgeSchema, standsInSchema]);

export const capabilityTableSchema = z.strictObject({
  version: z.string().min(1),
  models: z.record(z.string(), entrySchema),
});

export type CapabilityTable = z.input<typeof capabilityTableSchema>;
export type VideoCapabilities = z.infer<typeof videoSchema>;
export type ImageCapabilities = z.infer<typeof imageSchema>;
export type JudgeCapabilities = z.infer<typeof judgeSchema>;
export type Durations = z.infer<typeof durationsSchema>;
type Role = "video" | "image" | "judge";
type CapabilitiesOf<R extends Role> = R extends "video"
  ? VideoCapabilities
  : R extends "image"
    ? ImageCapabilities
    : JudgeCapabilities;

/**
 * Filled from the providers' documentation (checked 2026-12 through the docs search; the
 * sources are named per fact). Where a fact could not be verified, the comment says so.
 */
export const DEFAULT_CAPABILITY_TABLE: CapabilityTable = {
  version: "2026-12-01",
  models: {
    // Veo 3.1 on the Gemini API (ai.google.dev/gemini-api/docs/video): 16:9 or 9:16, 720p,
    // 1080p (and 4k, not used here), first and last frame ("frame-specific generation").
    // Clip lengths 4, 6 or 8 s: Vertex AI's Veo model pages ("Video length: 4, 6, or 8 seconds",
    // cloud.google.com/vertex-ai/generative-ai/docs/models/veo/3-0-generate-001) and the
    // Gemini API, which answers 400 INVALID_ARGUMENT to any other durationSeconds.
    "veo/veo-3.1-fast-generate-preview": {
      role: "video",
      durations: { oneOf: [4, 6, 8] },
      endFrame: true,
      aspectRatios: ["16:9", "9:16"],
      resolutions: ["720p", "1080p"],
    },
    "veo/veo-3.1-generate-preview": {
      role: "video",
      durations: { oneOf: [4, 6, 8] },
      endFrame: true,
      aspectRatios: ["16:9", "9:16"],
      resolutions: ["720p", "1080p"],
    },
    // Seedance 1.0 pro fast on BytePlus ModelArk. Up to 12 s, 1080p (vercel.com/ai-gateway/models/
    // seedance-v1.0-pro: "1080p clips up to 12 seconds"); the 3 s lower bound is BytePlus's
    // documented range for Seedance 1.0 pro/lite, which we could not open from here: unverified.
    // Ratios as our client sends them (21:9 … 9:16). End frame: Seedance 1.0 pro documents
    // first+last frame (docs.leonardo.ai "Seedance 1.0 Pro" lists start_frame and end_frame for
    // Pro and Pro Fast); not verified on ModelArk for the fast model, so it is left off here:
    // Frames mode on it is refused at plan time until someone confirms it and edits the table.
    "seedance/seedance-1-0-pro-fast-251015": {
      role: "video",
      durations: { min: 3, max: 12, step: 1 },
      endFrame: false,
      aspectRatios: ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"],
      resolutions: ["480p", "720p", "1080p"],
    },
    // Gemini 2.5 Flash Image: Google's image-generation guide says it works best with up to 3
    // input images (ai.google.dev/gemini-api/docs/image-generation; taken from the brief, the page
    // itself could not be opened here). Ratios and sizes: the documented table (1:1 1024x1024 …
    // 21:9 1536x672), as mirrored in docs.gptproto.com's Gemini 2.5 Flash Image reference.
    "gemini/gemini-2.5-flash-image": {
      role: "image",
      referenceImages: 3,
      aspectRatios: ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"],
      outputSizes: {
        "1:1": "1024x1024",
        "2:3": "832x1248",
        "3:2": "1248x832",
        "3:4": "864x1184",
        "4:3": "1184x864",
        "4:5": "896x1152",
        "5:4": "1152x896",
        "9:16": "768x1344",
        "16:9": "1344x768",
        "21:9": "1536x672",
      },
    },
    // Gemini 3 Pro Image: up to 14 reference images (Google's Gemini 3 image docs as quoted by
    // several integrators, e.g. the Nano Banana Pro skill notes on mcpmarket.com; not opened at
    // the source). Output sizes vary with its 1K/2K/4K setting, so none are listed.
    "gemini/gemini-3-pro-image-preview": {
      role: "image",
      referenceImages: 14,
      aspectRatios: ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"],
    },
    // Gemini 2.5 Flash as a judge: up to 3,000 images per prompt (Vertex AI model page,
    // "Maximum images per prompt: 3,000"); a judge request carries a handful.
    "gemini/gemini-2.5-flash": { role: "judge", imagesPerRequest: 3000 },
    // The offline studio: the compositor reads any number of references (a test lowers this to
    // exercise the cast sheet), the renderer makes any length and ratio, the pixel judge any count.
    "local/local-compositor": { role: "image", referenceImages: 16 },
    "local/pixel-judge": { role: "judge", imagesPerRequest: 64 },
    "local/local-ffmpeg": {
      role: "video",
      durations: { min: 1, max: 60, step: 0.001 },
      endFrame: true,
      resolutions: ["any size"],
    },
  },
};

export function parseCapabilityTable(json: unknown): z.infer<typeof capabilityTableSchema> {
  return capabilityTableSchema.parse(json);
}

/** The entry for a model in a role; a model with none (or an entry for another role) fails closed. */
export function capabilitiesFor<R extends Role>(
  table: CapabilityTable,
  provider: string,
  model: string,
  role: R,
): CapabilitiesOf<R> {
  return describedCapabilities(table, provider, model, role).caps;
}

/** As capabilitiesFor, also naming the entry that applies (the real model an offline one stands in for). */
export function describedCapabilities<R extends Role>(
  table: CapabilityTable,
  provider: string,
  model: string,
  role: R,
): { describedAs: string; caps: CapabilitiesOf<R> } {
  const key = `${provider}/${model}`;
  let entry = table.models[key];
  let describedAs = key;
  if (entry && "standsInFor" in entry) {
    describedAs = entry.standsInFor;
    entry = table.models[describedAs];
  }
  if (!entry || "standsInFor" in entry) {
    throw new AppError(
      "MODEL_CAPABILITIES_UNKNOWN",
      `no capabilities for ${describedAs} in capabilities table ${table.version}; add an entry (CONTINUITY_MODELS) before using this model`,
      { model: describedAs },
    );
  }
  if (entry.role !== role) {
    throw new AppError(
      "MODEL_CAPABILITIES_UNKNOWN",
      `${describedAs} is listed as a ${entry.role} model in capabilities table ${table.version}, not as a ${role} model`,
      { model: describedAs },
    );
  }
  if (entry.role === "video" && "min" in entry.durations) {
    // The default step of a range, when the table came in through the type rather than the schema.
    entry = { ...entry, durations: { ...entry.durations, step: entry.durations.step ?? 1 } };
  }
  return { describedAs, caps: entry as CapabilitiesOf<R> };
}

const EPSILON = 1e-6;

export function makesDuration(durations: Durations, seconds: number): boolean {
  if ("oneOf" in durations) return durations.oneOf.some((allowed) => Math.abs(allowed - seconds) < EPSILON);
  if (seconds < durations.min - EPSILON || seconds > durations.max + EPSILON) return false;
  const steps = (seconds - durations.min) / durations.step;
  return Math.abs(steps - Math.round(steps)) < 1e-3;
}

/** The duration the model makes closest to the one asked; on a tie the longer, so no action is cut. */
export function nearestDuration(durations: Durations, seconds: number): number {
  if ("oneOf" in durations) {
    return [...durations.oneOf].sort(
      (a, b) => Math.abs(a - seconds) - Math.abs(b - seconds) || b - a,
    )[0] as number;
  }
  const clamped = Math.min(durations.max, Math.max(durations.min, seconds));
  const steps = (clamped - durations.min) / durations.step;
  const rounded = durations.min + Math.round(steps + EPSILON) * durations.step;
  return Math.min(durations.max, Number(rounded.toFixed(3)));
}

function listWords(values: readonly (string | number)[]): string {
  if (values.length <= 1) return values.map(String).join("");
  return `${values.slice(0, -1).join(", ")} or ${String(values.at(-1))}`;
}

/** "4, 6 or 8 s clips" / "clips of 3 to 12 s". */
export function describeDurations(durations: Durations): string {
  if ("oneOf" in durations) return `${listWords([...durations.oneOf].sort((a, b) => a - b))} s clips`;
  const whole = durations.step === 1 ? " (whole seconds)" : "";
  return `clips of ${durations.min} to ${durations.max} s${whole}`;
}

export function describeRatios(ratios: readonly string[]): string {
  return listWords(ratios);
}

/** Whether width x height is (within half a percent) one of the ratios; no list means any ratio. */
export function makesAspect(ratios: readonly string[] | undefined, width: number, height: number): boolean {
  if (!ratios) return true;
  const aspect = width / height;
  return ratios.some((ratio) => {
    const [w, h] = ratio.split(":").map(Number) as [number, number];
    return Math.abs(w / h - aspect) / aspect < 0.005;
  });
}
