import { z } from "zod";
import { AppError } from "./app-error.ts";

/**
 * Money is integer micro-dollars everywhere (1 USD = 1_000_000). Floats drift when summed over
 * thousands of ledger rows; integers up to 2^53 micros (about nine billion dollars) are exact.
 */
export type Micros = number;

export const MICROS_PER_USD = 1_000_000;

const USD = /^\$?(\d{1,9})(?:\.(\d{1,6}))?$/;

/** Parses "0.50", "$3", "12.345678" exactly, without passing through a float. */
export function parseUsd(text: string, what = "amount"): Micros {
  const match = USD.exec(text.trim());
  if (!match) {
    throw new AppError(
      "INVALID_AMOUNT",
      `${what} ${JSON.stringify(text)} is not a dollar amount like 0.50 or 12`,
      {
        value: text,
      },
    );
  }
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? "").padEnd(6, "0"));
  return whole * MICROS_PER_USD + fraction;
}

/**
 * A budget as a person types it (`--budget 0.50`, `/render 1A 15`): a positive dollar amount, or
 * nothing for the configured cap. Its message is what every front end shows for a bad one.
 */
export const budgetSchema = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined) return undefined;
    try {
      const micros = parseUsd(text, "budget");
      if (micros <= 0) throw new Error();
      return micros;
    } catch {
      ctx.addIssue({
        code: "custom",
        message: `expected a positive dollar amount like 0.50 or 15, got ${JSON.stringify(text)}`,
      });
      return z.NEVER;
    }
  });

/** "$0.50" for whole cents, more digits only when a fraction of a cent is there. */
export function formatUsd(micros: Micros): string {
  const sign = micros < 0 ? "-" : "";
  const abs = Math.abs(Math.round(micros));
  const whole = Math.floor(abs / MICROS_PER_USD);
  const fraction = String(abs % MICROS_PER_USD).padStart(6, "0");
  const trimmed = fraction.replace(/0+$/, "");
  const shown = trimmed.length <= 2 ? fraction.slice(0, 2) : trimmed;
  return `${sign}$${whole}.${shown}`;
}

/** "$13.73": to the nearest cent, for headings and summaries (the ledger keeps the micro-dollars). */
export function formatCents(micros: Micros): string {
  const cents = Math.round(micros / 10_000);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Multiplies a per-unit price in micros by a quantity, rounding up so costs are never under-counted. */
export function priceTimes(unitMicros: number, quantity: number): Micros {
  return Math.ceil(unitMicros * quantity - 1e-9);
}
