/**
 * Paid calls go through the governor (src/app/governor); the engine's stages import them from
 * here. Nothing else reserves or closes money.
 */
export { assertMayStart, type PaidCallTarget, pricedModel } from "../governor/governor-target.ts";
export { paidCall } from "../governor/paid-call.ts";
