/** What a labeler sees of one resume (or of any labeled text). */
export interface LabelerInput {
  /** Caller's id, echoed back in the result. */
  id?: string;
  /** Parsed, cleaned skills (one entry per skill). */
  skills?: readonly string[];
  /**
   * The raw skills field as stored (e.g. the parquet `skills` string). `rules-reference` matches on this
   * text, as the reference notebook did; when missing, the parsed skills joined with ", " are used.
   */
  skillsText?: string | null;
  /** Free text (a whole resume, or the text column of a labeled set); used when there are no skills. */
  text?: string | null;
  /**
   * The candidate's own title (a resume's headline line, e.g. from `parseResumeSections`), when known.
   * `zero-shot` in 'description' mode weighs it apart from the skills (`titleWeight`).
   */
  title?: string | null;
}

export interface LabelResult {
  id?: string;
  /**
   * The chosen role. When there is no evidence (or the labeler abstains) this is the label set's
   * fallback role (`Other` for the reference roles), or null when the label set has none.
   */
  role: string | null;
  /** Confidence of `role` in [0, 1] (0 when there is no evidence). Its meaning depends on the labeler. */
  score: number;
  /** Score per role of the label set, in label-set order. */
  scores: Record<string, number>;
  /** Why: the skills that fired (rules) or the nearest skills (zero-shot), best first. */
  evidence: string[];
  /** Name of the labeler that produced this result. */
  labeler: string;
  /** True when the input had no skills/text to judge from: the result is the fallback, not a judgement. */
  noEvidence: boolean;
  /** True when the labeler had evidence but its confidence was below its abstain threshold. */
  abstained?: boolean;
  /** Roles tied for first place (only when there was a tie; `role` is the first of them in label-set order). */
  ties?: string[];
}

export interface Labeler {
  readonly name: string;
  /** The role labels this labeler can answer, in label-set order. */
  readonly labels: readonly string[];
  label(inputs: readonly LabelerInput[]): Promise<LabelResult[]>;
  /** Releases model sessions, if any. */
  dispose?(): Promise<void>;
}

/** The sentence encoder contract (one home: @jobskill/encoders). */
export type { Encoder } from '@jobskill/encoders';
