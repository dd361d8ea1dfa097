/** Session test reports: the model and its JSON, HTML and CSV renderings. */
export { buildReport, histogramBins, type HistogramBin, type ReportOperation, type SessionReport } from './model';
export { reportCsv } from './csv';
export { reportHtml } from './html';
