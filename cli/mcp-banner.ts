/** What `npm start` prints about the MCP server: its URL, credentials and client configuration. */

export function mcpBanner(info: { url: string; token: string; operatorSecret: string; localDev: boolean; secretsPath?: string }): string {
  const { url, token } = info;
  const json = JSON.stringify({ mcpServers: { mockloop: { type: 'http', url, headers: { Authorization: `Bearer ${token}` } } } }, null, 2);
  return `
MCP server (streamable HTTP): ${url}
  bearer token:    ${token}
  operator secret: ${info.operatorSecret}   (approves OAuth clients on the consent page)
  ${info.secretsPath ? `secrets kept in: ${info.secretsPath} (mode 0600; \`mockloop mcp rotate-secrets\` replaces them)` : 'secrets from:    the environment ($MOCKLOOP_MCP_TOKEN / $MOCKLOOP_MCP_OPERATOR_SECRET) or made for this run'}${info.localDev ? '\n  LOCAL DEV MODE:  loopback requests need no credentials (--mcp-local-dev)' : ''}
  Claude Code:     claude mcp add --transport http mockloop ${url} --header "Authorization: Bearer ${token}"
  MCP Inspector:   npx @modelcontextprotocol/inspector --cli ${url} --transport http --header "Authorization: Bearer ${token}" --method tools/list
  Client config (.mcp.json / claude_desktop_config.json):
${json
  .split('\n')
  .map((line) => `    ${line}`)
  .join('\n')}`;
}
