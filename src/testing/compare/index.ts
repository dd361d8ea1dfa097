/** Run comparison (compare_test_runs) and run analysis (analyze_test_results). */
export { analyzePlanRun, analyzeSample, type ErrorCluster, type RunAnalysis, type SlowEntry } from './analyze';
export { type CompareOptions, compareRuns, type ErrorComparison, type LatencyComparison, type OperationComparison, type RunComparison, type Verdict } from './compare';
export { type OperationSample, type RunSample, sampleOfPlanRun, wholeRun } from './sample';
export { mannWhitneyU, normalCdf, quantile, twoProportionZ, type WeightedSample } from './stats';
export { histogramSample, sampleOfLoadResult, type StoredLoadResult } from './load-sample';
