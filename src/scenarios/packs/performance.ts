/** Performance: slow, jittery and degraded answers, slow writes and bodies that trickle in. */
import { isWrite } from '../../plan/analyze/common';
import { listed, noOperations, successOrDefault, targetEach } from './targets';
import type { ScenarioPack } from './types';

export const slow: ScenarioPack = {
  uri: 'scenario-pack://performance/slow',
  category: 'performance',
  slug: 'slow',
  title: 'Slow',
  description: 'Every call is answered as usual, 2 s late. Checks spinners, timeouts set too tight and work done on the UI thread.',
  targeting: 'every operation',
  draft: ({ operations }) => targetEach(operations, () => ({ rule: { latency: { type: 'fixed', ms: 2000 } }, why: '+2 s' }), noOperations(operations) ?? ''),
};

export const jittery: ScenarioPack = {
  uri: 'scenario-pack://performance/jittery',
  category: 'performance',
  slug: 'jittery',
  title: 'Jittery',
  description: 'Every call is answered as usual after a delay drawn uniformly between 20 ms and 2 s (seeded), so answers to parallel calls arrive out of order. Checks races between concurrent requests.',
  targeting: 'every operation',
  draft: ({ operations, seed }) =>
    targetEach(operations, () => ({ rule: { latency: { type: 'uniform', min_ms: 20, max_ms: 2000 }, fault: { seed } }, why: '20 ms – 2 s' }), noOperations(operations) ?? ''),
};

export const degraded: ScenarioPack = {
  uri: 'scenario-pack://performance/degraded',
  category: 'performance',
  slug: 'degraded',
  title: 'Degraded service',
  description:
    'A service under stress: delays around a median of 800 ms with a long tail (log-normal, σ 0.8, capped at 20 s) and 5% of calls failing with a declared 5xx/429 (else 503), all seeded. Checks p99 handling, retries and degraded-mode UI.',
  targeting: 'every operation',
  draft: ({ operations, seed }) =>
    targetEach(
      operations,
      () => ({ rule: { latency: { type: 'lognormal', median_ms: 800, sigma: 0.8, max_ms: 20_000 }, fault: { error_rate: 0.05, retry_after: 5, seed } }, why: 'long-tail latency, 5% errors' }),
      noOperations(operations) ?? '',
    ),
};

export const slowWrites: ScenarioPack = {
  uri: 'scenario-pack://performance/slow-writes',
  category: 'performance',
  slug: 'slow-writes',
  title: 'Slow writes, fast reads',
  description: 'Writes (POST, PUT, PATCH, DELETE) take about 1.5 s (log-normal, σ 0.5, seeded); reads are untouched. Checks double submits, optimistic updates and disabled buttons.',
  targeting: 'POST, PUT, PATCH and DELETE operations',
  draft: ({ operations, seed }) =>
    targetEach(
      operations,
      (op) => (isWrite(op) ? { rule: { latency: { type: 'lognormal', median_ms: 1500, sigma: 0.5, max_ms: 15_000 }, fault: { seed } }, why: `${op.method.toUpperCase()} write` } : null),
      noOperations(operations) ?? `No targeted operation is a write (POST, PUT, PATCH or DELETE): ${listed(operations)}.`,
    ),
};

export const trickle: ScenarioPack = {
  uri: 'scenario-pack://performance/trickle',
  category: 'performance',
  slug: 'trickle',
  title: 'Bodies that trickle in',
  description: 'Operations that send a body send it 64 bytes every 100 ms: the status and headers arrive at once, the body slowly. Checks streaming parsers, read timeouts and progress display.',
  targeting: 'operations whose usual response declares content',
  draft: ({ operations }) =>
    targetEach(
      operations,
      (op) => ((successOrDefault(op)?.contents.length ?? 0) > 0 ? { rule: { fault: { dribble: { chunk_bytes: 64, interval_ms: 100 } } }, why: 'sends a body' } : null),
      noOperations(operations) ?? `No targeted operation declares content in its usual response: ${listed(operations)}.`,
    ),
};

export const PERFORMANCE_PACKS = [slow, jittery, degraded, slowWrites, trickle];
