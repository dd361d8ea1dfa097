/** The load engine's pure core: schedules, the shard loop, mergeable stats, k6-shaped summaries, thresholds. */
export { DEFAULT_CAPS, type LoadCaps, type LoadRunConfig, type LoadRunRequest, loadRunRequestSchema, MAX_CONNECTIONS, RATE_PER_SHARD, validateLoadRun } from './config';
export { LOAD_INVALID, LOAD_NO_OPERATIONS, LOAD_OVER_CAP, LOAD_TARGET_REFUSED, LOAD_UNKNOWN_RUN } from './errors';
export { createHistogram, type Histogram, mergeAll, percentile, record } from './histogram';
export { buildPool } from './pool';
export { type PlanMix, planMixProblems, runPlanIteration } from './plan-mix';
export { isDeclared, type RequestPool, runSlice, type ShardEffects, type ShardPlan, type ShardProgress, type SliceBudget } from './shard';
export { type Stage, segmentsOf, totalArrivals } from './schedule';
export { addSample, applyReport, changedSeconds, emptyStats, type LoadStats, mergeStats } from './stats';
export { buildSummary, type LoadSummary } from './summary';
export { parseHostList, type TargetPolicy, targetRefusal } from './targets';
export { evaluateThresholds, parseThreshold, parseThresholds, type Threshold, type ThresholdResult } from './thresholds';
export { formatSummary, toJunit } from './report';
export { createLoadClient, type LoadClient, type LoadEngineFetch, type LoadResult, type LoadRunStarted, type LoadRunView } from './client';
export { type LoadReportHead, loadReportHtml } from './html-report';
