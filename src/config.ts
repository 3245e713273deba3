import { z } from "zod";
import { databaseUrlProblem, scrubDatabaseUrl } from "../db/database-url.ts";
import { botConfigSchema } from "./config/bot-config.ts";
import { onOff, optionalText, wholeNumber } from "./config/config-fields.ts";
import { AppError } from "./core/app-error.ts";
import { parseUsd } from "./core/money.ts";
import { CRITERIA, type CriterionName } from "./core/scores.ts";

/**
 * The one configuration, read from the environment (and an optional .env) and parsed once at
 * the entry point. Every variable is documented in .env.example; a wrong value is reported by
 * name with what was expected.
 */
const usd = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseUsd(text);
      } catch {
        ctx.addIssue({ code: "custom", message: "expected a dollar amount like 0.50 or 15" });
        return z.NEVER;
      }
    });

/**
 * What image and video models make: Gemini's images and Veo's and Seedance's clips are at most
 * 1080p-4K class. A larger frame is a typo, and drawing or decoding it would exhaust the machine.
 */
export const FRAME_SIDE = { min: 64, max: 4096 } as const;

const frameSize = z
  .string()
  .default("1280x720")
  .transform((text, ctx) => {
    const match = /^(\d{1,6})x(\d{1,6})$/.exec(text);
    if (!match) {
      ctx.addIssue({ code: "custom", message: "expected WIDTHxHEIGHT, like 1280x720" });
      return z.NEVER;
    }
    const [width, height] = [Number(match[1]), Number(match[2])];
    if ([width, height].some((side) => side < FRAME_SIDE.min || side > FRAME_SIDE.max)) {
      ctx.addIssue({
        code: "custom",
        message: `expected each side between ${FRAME_SIDE.min} and ${FRAME_SIDE.max} pixels (what the models make), like 1280x720`,
      });
      return z.NEVER;
    }
    return { width, height };
  });

const databaseUrl = optionalText.superRefine((text, ctx) => {
  const problem = text === undefined ? undefined : databaseUrlProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const DEFAULT_THRESHOLDS: Record<CriterionName, number> = {
  identity: 0.75,
  wardrobe: 0.7,
  charactersPresent: 0.9,
  location: 0.7,
  props: 0.6,
  continuity: 0.6,
  artifacts: 0.7,
};

const thresholds = z
  .string()
  .default("")
  .transform((text, ctx) => {
    const out = { ...DEFAULT_THRESHOLDS };
    for (const pair of text
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)) {
      const [name, value] = pair.split("=");
      const score = Number(value);
      if (!CRITERIA.includes(name as CriterionName) || !(score >= 0 && score <= 1)) {
        ctx.addIssue({
          code: "custom",
          message: `expected name=score pairs with names from ${CRITERIA.join(", ")} and scores in [0,1]; got ${JSON.stringify(pair)}`,
        });
        return z.NEVER;
      }
      out[name as CriterionName] = score;
    }
    return out;
  });

export const configSchema = z.object({
  DATABASE_URL: databaseUrl,
  CONTINUITY_DATA_DIR: z.string().default(".continuity"),
  CONTINUITY_BIBLE: z.string().default("bible"),
  CONTINUITY_ARTIFACTS: optionalText,
  CONTINUITY_STOP_FILE: z.string().default("STOP"),
  CONTINUITY_RUN_CAP_USD: usd("15.00"),
  CONTINUITY_DAILY_CAP_USD: usd("50.00"),
  CONTINUITY_MAX_ATTEMPTS: wholeNumber(4, 1, 20),
  CONTINUITY_NO_PROGRESS_WINDOW: wholeNumber(2, 1, 20),
  CONTINUITY_THRESHOLDS: thresholds,
  CONTINUITY_PRICES: optionalText,
  CONTINUITY_MODELS: optionalText,
  CONTINUITY_DURATION_POLICY: z
    .enum(["refuse", "nearest"], { message: "expected refuse or nearest" })
    .default("refuse"),
  CONTINUITY_TIMEZONE: z
    .string()
    .default("UTC")
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en-CA", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "expected an IANA time zone like UTC or Europe/Berlin"),
  CONTINUITY_FRAME_SIZE: frameSize,
  CONTINUITY_CONCURRENCY: wholeNumber(2, 1, 64),
  CONTINUITY_LEASE_SECONDS: wholeNumber(30, 2, 3600),
  CONTINUITY_PANEL_PROVIDER: z.enum(["local", "gemini"]).default("local"),
  CONTINUITY_JUDGE_PROVIDER: z.enum(["local", "gemini"]).default("local"),
  CONTINUITY_VIDEO_PROVIDER: z.enum(["local", "veo", "seedance"]).default("local"),
  CONTINUITY_PANEL_MODEL: z.string().default("gemini-2.5-flash-image"),
  CONTINUITY_JUDGE_MODEL: z.string().default("gemini-2.5-flash"),
  /** A paid judge's score this close to its threshold is asked once more, the lower kept; 0 is off. */
  CONTINUITY_JUDGE_BORDER: z.coerce
    .number({ message: "expected a number in [0,0.5]" })
    .min(0)
    .max(0.5)
    .default(0.05),
  CONTINUITY_VEO_MODEL: z.string().default("veo-3.1-fast-generate-preview"),
  CONTINUITY_SEEDANCE_MODEL: z.string().default("seedance-1-0-pro-fast-251015"),
  CONTINUITY_LOCAL_SEED: wholeNumber(1, 0, 2 ** 31),
  CONTINUITY_LOCAL_FAULT_RATE: z.coerce
    .number({ message: "expected a number in [0,1]" })
    .min(0)
    .max(1)
    .default(0.3),
  CONTINUITY_LOCAL_VIDEO_FAULT_RATE: z.coerce
    .number({ message: "expected a number in [0,1]" })
    .min(0)
    .max(1)
    .default(0.15),
  CONTINUITY_USER: z.string().default(process.env.USER ?? "cli"),
  CONTINUITY_ALLOW_SELF_APPROVAL: onOff(false),
  CONTINUITY_DEBUG: onOff(false),
  GEMINI_API_KEY: optionalText,
  GEMINI_BASE_URL: optionalText,
  SEEDANCE_API_KEY: optionalText,
  SEEDANCE_BASE_URL: z.string().default("https://ark.ap-southeast.bytepluses.com"),
  S3_ENDPOINT: optionalText,
  S3_REGION: z.string().default("auto"),
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  S3_FORCE_PATH_STYLE: onOff(false),
  ...botConfigSchema.shape,
});

export type Config = z.infer<typeof configSchema>;

/** Parses the environment; every problem is named by variable with what was expected. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // An empty value (as a copied .env.example has) means "use the default".
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = configSchema.safeParse(set);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "?");
    const got = name === "DATABASE_URL" ? scrubDatabaseUrl(env[name] ?? "") : (env[name] ?? "");
    return `${name}: ${issue.message} (got ${JSON.stringify(got)})`;
  });
  throw new AppError("CONFIG_INVALID", `invalid configuration:\n  ${lines.join("\n  ")}`, { issues: lines });
}
