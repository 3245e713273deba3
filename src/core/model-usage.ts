/** What one provider call used, as the provider reported it: the governor prices it. */
export interface ModelUsage {
  inputTokens?: number;
  outputTokens?: number;
  images?: number;
  seconds?: number;
}
