import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE_MS, parseRetrySchedule, verdictOf } from './schedule';
import { newWebhookSecret, signatureHeaders } from './signature';

describe('retry schedule', () => {
  it('reads units and falls back on anything unreadable', () => {
    expect(parseRetrySchedule('5s,5m,2h,250')).toEqual([5000, 300000, 7200000, 250]);
    expect(parseRetrySchedule('soon')).toBe(DEFAULT_RETRY_SCHEDULE_MS);
    expect(parseRetrySchedule(undefined)).toBe(DEFAULT_RETRY_SCHEDULE_MS);
  });

  it('delivers on 2xx, disables on 410, retries while the schedule lasts', () => {
    expect(verdictOf(204, 1, 0, [10])).toEqual({ state: 'delivered' });
    expect(verdictOf(410, 1, 0, [10])).toEqual({ state: 'disabled' });
    expect(verdictOf(500, 1, 100, [10, 20])).toEqual({ state: 'pending', nextAt: 110 });
    expect(verdictOf(null, 2, 100, [10, 20])).toEqual({ state: 'pending', nextAt: 120 });
    expect(verdictOf(302, 3, 100, [10, 20])).toEqual({ state: 'failed' });
  });
});

describe('Standard Webhooks signature', () => {
  it('signs "id.timestamp.body" with the secret’s key (known vector)', async () => {
    // The test vector of the Standard Webhooks specification's reference libraries.
    const headers = await signatureHeaders('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(newWebhookSecret((b) => b.fill(1))).toBe('whsec_AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB');
  });
});
