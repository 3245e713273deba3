/**
 * The operation id a video adapter hands the engine: the provider's own id plus the duration we
 * asked for. Neither Veo's operation nor every Seedance task answer repeats the duration, and an
 * adapter keeps no state between start and status (a restarted worker resumes from the stored id
 * alone), so the id itself carries it.
 */
const SEPARATOR = "#duration=";

export function encodeOperationRef(providerId: string, durationSeconds: number): string {
  return `${providerId}${SEPARATOR}${durationSeconds}`;
}

export function decodeOperationRef(ref: string): { providerId: string; durationSeconds?: number } {
  const at = ref.lastIndexOf(SEPARATOR);
  if (at < 0) return { providerId: ref };
  const seconds = Number(ref.slice(at + SEPARATOR.length));
  return {
    providerId: ref.slice(0, at),
    durationSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : undefined,
  };
}
