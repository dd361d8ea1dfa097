/**
 * The local MCP server's bearer token and OAuth operator secret, generated once and kept in
 * `<state>/mcp/secrets.json` (mode 0600), so a client registered with them (e.g. `claude mcp add`)
 * keeps working after a restart. `mockloop mcp rotate-secrets` replaces both.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const secretsFile = z.object({ token: z.string().min(16), operatorSecret: z.string().min(16), createdAt: z.string() });

export type McpSecrets = z.infer<typeof secretsFile>;

export function mcpSecretsPath(mcpStateDir: string): string {
  return join(mcpStateDir, 'secrets.json');
}

/** The stored secrets, or new ones stored now (also when the file is unreadable or malformed). */
export async function loadMcpSecrets(mcpStateDir: string): Promise<{ secrets: McpSecrets; path: string; created: boolean }> {
  const path = mcpSecretsPath(mcpStateDir);
  try {
    const parsed = secretsFile.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (parsed.success) {
      // Tighten a file whose mode was loosened since.
      await chmod(path, 0o600);
      return { secrets: parsed.data, path, created: false };
    }
  } catch {}
  return { secrets: await rotateMcpSecrets(mcpStateDir), path, created: true };
}

export async function rotateMcpSecrets(mcpStateDir: string): Promise<McpSecrets> {
  const secrets: McpSecrets = { token: randomBytes(24).toString('base64url'), operatorSecret: randomBytes(18).toString('base64url'), createdAt: new Date().toISOString() };
  await mkdir(mcpStateDir, { recursive: true, mode: 0o700 });
  const path = mcpSecretsPath(mcpStateDir);
  await writeFile(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return secrets;
}
