import { z } from "zod";
import { scoresSchema } from "../../core/scores.ts";

type JsonSchema = Record<string, unknown>;

/**
 * The judge's answer schema for `responseJsonSchema`, derived from the core's scoresSchema so the
 * two cannot drift, then narrowed to this request: character ids limited to the expected cast with
 * exactly one entry each (a judge otherwise scores people who are not supposed to be there), and
 * continuity forced to null when there is no previous shot. Every narrowed answer still satisfies
 * scoresSchema, which the core validates again.
 */
export function judgeResponseSchema(castIds: readonly string[], hasContinuity: boolean): JsonSchema {
  const schema = z.toJSONSchema(scoresSchema) as JsonSchema;
  // Gemini's JSON Schema subset lists no $schema keyword; leave nothing it might reject.
  delete schema.$schema;
  const properties = child(schema, "properties");

  const characters = child(properties, "characters");
  characters.minItems = castIds.length;
  characters.maxItems = castIds.length;
  if (castIds.length > 0) {
    child(child(child(characters, "items"), "properties"), "id").enum = [...castIds];
  }

  const missing = child(child(child(properties, "charactersPresent"), "properties"), "missing");
  if (castIds.length > 0) child(missing, "items").enum = [...castIds];
  else missing.maxItems = 0;

  if (!hasContinuity) properties.continuity = { type: "null" };
  return schema;
}

function child(parent: JsonSchema, key: string): JsonSchema {
  const value = parent[key];
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`judge schema: expected an object at "${key}"; scoresSchema changed shape`);
  }
  return value as JsonSchema;
}
