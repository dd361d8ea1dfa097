/** Probe reports: JSON (the ProbeResult itself), SARIF 2.1.0, JUnit XML, HTML. */
export { toHtml } from './html';
export { toJunit } from './junit';
export { type SarifOptions, toSarif } from './sarif';
export { operationLines } from './spec-lines';
