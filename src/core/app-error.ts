import type { Blame } from "./blame.ts";
import { type AppErrorCode, type ErrorKind, errorCodeInfo } from "./error-codes.ts";

export type { AppErrorCode } from "./error-codes.ts";

/**
 * Every error a user can see carries a stable code (for scripts, tests and chat renderers)
 * and a human message that names what is wrong and where. The code is one of ERROR_CODES, which
 * says what it means to whoever catches it.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** Turns anything thrown into a code and a message, so front ends never print a stack to a user. */
export function describeError(error: unknown): { code: AppErrorCode; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: "INTERNAL", message: error.message };
  return { code: "INTERNAL", message: String(error) };
}

/** The exit code of a command that ends with this error (anything not an AppError is INTERNAL). */
export function exitCodeFor(error: unknown): 0 | 1 | 2 {
  return errorCodeInfo(describeError(error).code).exit;
}

/** Whether an error is an AppError whose code means this (see ERROR_CODES), instead of a list of codes. */
export function isErrorOfKind(error: unknown, kind: ErrorKind): error is AppError {
  return error instanceof AppError && errorCodeInfo(error.code).kind === kind;
}

/** The blame an error's code implies, if any. */
export function errorBlame(error: unknown): Blame | undefined {
  return error instanceof AppError ? errorCodeInfo(error.code).blame : undefined;
}
