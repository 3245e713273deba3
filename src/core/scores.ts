import { z } from "zod";

/**
 * What a judge (the vision model or the offline pixel judge) says about one artifact.
 * Every criterion is a graded score in [0,1] with a short reason; the verdict is never taken
 * from the judge but derived from these numbers in code (see verdict.ts).
 */
export const criterionSchema = z.strictObject({
  score: z.number().min(0).max(1),
  reason: z.string(),
});

export const characterScoreSchema = z.strictObject({
  id: z.string(),
  /** Face, hair and build against the turnaround, decoupled from clothing. */
  identity: criterionSchema,
  /** Clothing against the manifest's wardrobe for this shot. */
  wardrobe: criterionSchema,
});

export const scoresSchema = z.strictObject({
  characters: z.array(characterScoreSchema),
  charactersPresent: z.strictObject({
    score: z.number().min(0).max(1),
    reason: z.string(),
    missing: z.array(z.string()),
    extra: z.array(z.string()),
  }),
  location: criterionSchema,
  props: criterionSchema,
  /** Against the adjacent accepted shot; null when there is none to compare with. */
  continuity: criterionSchema.nullable(),
  artifacts: criterionSchema,
});

export type Criterion = z.infer<typeof criterionSchema>;
export type CharacterScore = z.infer<typeof characterScoreSchema>;
export type Scores = z.infer<typeof scoresSchema>;

/** The names thresholds and failures are reported under. */
export const CRITERIA = [
  "identity",
  "wardrobe",
  "charactersPresent",
  "location",
  "props",
  "continuity",
  "artifacts",
] as const;
export type CriterionName = (typeof CRITERIA)[number];
