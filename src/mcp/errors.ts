/** Problem templates of MCP tool errors: the same RFC 9457 shape as the admin API's errors. */
import { problemType } from '../problem';

export const TOOL_INVALID_ARGUMENTS = problemType('mcp-invalid-arguments', 'The tool arguments are not valid', 400);
export const TOOL_UNKNOWN_MOCK = problemType('mcp-unknown-mock', 'No mock of that name', 404);
export const TOOL_MOCK_STOPPED = problemType('mcp-mock-stopped', 'The mock is stopped', 409);
export const TOOL_ADMIN_FAILED = problemType('mcp-admin-failed', "The mock's admin API refused the call", 502);
export const TOOL_UNKNOWN_CONTEXT = problemType('mcp-unknown-context', 'No context with that id', 404);
export const TOOL_UNKNOWN_SNAPSHOT = problemType('mcp-unknown-snapshot', 'No snapshot with that id', 404);
export const TOOL_VERSION_CONFLICT = problemType('mcp-version-conflict', 'The context changed since that version', 409);
export const TOOL_TOO_LARGE = problemType('mcp-too-large', 'The value is too large', 413);
export const TOOL_RESULT_TOO_LARGE = problemType('mcp-result-too-large', 'The result would be too large', 413);
export const TOOL_FAILED = problemType('mcp-tool-failed', 'The tool failed', 500);
