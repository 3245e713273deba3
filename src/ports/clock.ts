/** Time is a port so the core stays pure and tests can move days without waiting for them. */
export interface Clock {
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
