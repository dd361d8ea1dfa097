/**
 * The Node-side spec fetch against a non-loopback address, in a network namespace of its own
 * (`unshare -n`: only a loopback device, which gets a public-looking address; nothing reaches the
 * real network). Skipped with a message where namespaces cannot be made (not root).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const probe = spawnSync('unshare', ['-n', 'true']);
const canIsolate = probe.status === 0;
if (!canIsolate) console.warn('[mockloop tests] unshare -n is not permitted here: the network-namespace spec fetch test is SKIPPED.');

describe.skipIf(!canIsolate)('spec fetch to a public address (network namespace)', () => {
  it('fetches a public address, pins it against DNS rebinding, and refuses redirects inside', () => {
    const script = `ip link set lo up && ip addr add 93.184.215.14/32 dev lo && exec "${process.execPath}" --import tsx "${join(ROOT, 'test', 'helpers', 'netns-fetch.ts')}"`;
    const run = spawnSync('unshare', ['-n', 'sh', '-c', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(results.public).toEqual({ ok: true, text: 'openapi: 3.1.0 (public)' });
    expect(results.lookupsForPublic).toBe(1); // connected to the checked address, no second answer asked for
    expect(results.redirectToInternalIp.ok).toBe(false);
    expect(results.redirectToInternalIp.error).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(results.redirectToInternalName.ok).toBe(false);
    expect(results.redirectToInternalName.error).toMatch(/resolves to 127\.0\.0\.1/);
    expect(run.stdout).not.toContain('admin token here');
  });
});
