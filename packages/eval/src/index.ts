export {
  PrfOptionsSchema,
  TrainTestSplitOptionsSchema,
  accuracy,
  classificationReport,
  confusionMatrix,
  formatClassificationReport,
  perClassScores,
  precisionRecallF1,
  stratifiedKFold,
  trainTestSplit,
  uniqueLabels,
} from './classification.ts';
export type {
  Average,
  AveragedScores,
  ClassScores,
  ClassificationReport,
  ConfusionMatrix,
  PrfOptions,
  Split,
  TrainTestSplitOptions,
} from './classification.ts';
export {
  EvaluateRunOptionsSchema,
  OFFICIAL_METRICS,
  averagePrecision,
  binarizeQrels,
  compareRunEntries,
  evaluateRun,
  evaluateRunPerQuery,
  parseMetricName,
  qrelsFromRecords,
  sortRanking,
  sortRun,
} from './retrieval-metrics.ts';
export type {
  DetailedRetrievalMetrics,
  EvaluateRunOptions,
  Qrels,
  RetrievalMetrics,
  Run,
  RunEntry,
} from './retrieval-metrics.ts';
export {
  PAIRED_TESTS,
  PairedTestOptionsSchema,
  compareToBaseline,
  pairedRandomizationTest,
  pairedTTest,
  pairedTest,
} from './significance.ts';
export type { PairedTestName, PairedTestOptions, PairedTestResult } from './significance.ts';
export { formatTrecRun, parseQrels, parseTrecRun, readQrels, readTrecRun, writeTrecRun } from './trec.ts';
export { formatMarkdownTable, formatTextTable, metricTable } from './report.ts';
export type { MetricTable, TableFormatOptions } from './report.ts';
export {
  EVAL_REPORT_FILE,
  EvalReportSchema,
  defaultEvalReportPath,
  evalReport,
  readEvalReport,
  reportTable,
  writeEvalReport,
} from './eval-report.ts';
export type { EvalReport, EvalReportTable } from './eval-report.ts';
