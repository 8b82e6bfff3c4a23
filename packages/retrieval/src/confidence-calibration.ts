// Written by scripts/calibrate-confidence.ts; do not edit by hand (rerun the script).
import type { ConfidenceCalibration } from './confidence-types.ts';

export const SKILL_CONFIDENCE_CALIBRATION: ConfidenceCalibration = Object.freeze({
  "query": {
    "intercept": -3.8188853075893325,
    "coverage": 8.453011939397378,
    "topCosine": 0.26142334706549675
  },
  "hit": {
    "intercept": -4.84199188461607,
    "cosine": 6.120504884021091
  },
  "provenance": {
    "script": "packages/retrieval/scripts/calibrate-confidence.ts",
    "data": "ESCO v1.1.1 occupations (labels + TalentCLEF 2025 training jobid2terms variants) and their skill relations; jobbert_titles/titles.csv vacancy titles; generated non-titles",
    "ridge": 1,
    "excluded": "4 occupations with a title among the 152 TalentCLEF validation queries",
    "titles": {
      "positives": 800,
      "negatives": 800
    },
    "hits": 16000,
    "listedShare": 0.3715,
    "heldOut30pc": {
      "query": {
        "n": 480,
        "accuracy": 0.9833,
        "brier": 0.0131,
        "ece": 0.0204
      },
      "hit": {
        "n": 4800,
        "accuracy": 0.6479,
        "brier": 0.2175,
        "ece": 0.0096
      }
    }
  }
});
