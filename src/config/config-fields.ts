import { z } from "zod";

/**
 * Field types shared by the configuration's parts (src/config.ts and the bot's variables), so a
 * number, a switch or an optional value is read the same way, with the same message, everywhere.
 */
export const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

export const wholeNumber = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ message: "expected a whole number" })
    .int("expected a whole number")
    .min(min)
    .max(max)
    .default(fallback);

export const onOff = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" })
    .default(fallback ? "true" : "false")
    .transform((value) => value === "true" || value === "1" || value === "yes");
