// The shape of the calibration (its own file: the generated confidence-calibration.ts and confidence.ts both use it).
/** What the calibration script writes (confidence-calibration.ts). */
export interface ConfidenceCalibration {
  /** P(readable title) = σ(intercept + coverage·c + topCosine·s). */
  query: { intercept: number; coverage: number; topCosine: number };
  /** P(listed skill | readable title) = σ(intercept + cosine·c). */
  hit: { intercept: number; cosine: number };
  /** Where the figures come from (data, sizes, dev metrics). */
  provenance: Record<string, unknown>;
}
