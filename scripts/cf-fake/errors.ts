/**
 * The Cloudflare error codes the fake answers with, each with the status and message the real API
 * gives (from Cloudflare's API documentation and the responses wrangler's own tests expect).
 */
import { CfApiError } from './envelope';

export const authError = () => new CfApiError(403, 10000, 'Authentication error');
/** `/user/tokens/verify` with a token Cloudflare does not know. */
export const invalidToken = () => new CfApiError(401, 1000, 'Invalid API Token');
/** Any other endpoint with a well-formed bearer token Cloudflare does not know. */
export const invalidAccessToken = () => new CfApiError(403, 9109, 'Invalid access token');
export const malformedAuthorization = () =>
  new CfApiError(400, 6003, 'Invalid request headers', {}, [{ code: 6111, message: 'Invalid format for Authorization header' }]);
export const missingAuth = () => new CfApiError(400, 9106, 'Missing X-Auth-Key, X-Auth-Email or Authorization headers');
export const d1NotAuthorized = () => new CfApiError(403, 7403, 'The given account is not valid or is not authorized to access this service');

export const noRoute = () => new CfApiError(400, 7000, 'No route for that URI');
export const badIdentifier = (path: string) => new CfApiError(404, 7003, `Could not route to ${path}, perhaps your object identifier is invalid?`);
export const methodNotAllowed = () => new CfApiError(405, 10405, 'Method not allowed for this authentication scheme');

export const scriptNotFound = () => new CfApiError(404, 10007, 'This Worker does not exist on your account.');
export const serviceNotFound = () => new CfApiError(404, 10090, 'workers.api.error.service_not_found');
export const versionNotFound = () => new CfApiError(404, 10007, 'workers.api.error.version_not_found');
export const secretNotFound = () => new CfApiError(404, 10056, 'workers.api.error.secret_not_found');
export const invalidWorker = (message: string) => new CfApiError(400, 10021, message);
/** As the API words it (wrangler shows it verbatim): a service binding to a Worker the account does not have. */
export const serviceBindingNotFound = (binding: string, service: string) =>
  new CfApiError(
    400,
    10143,
    `Service binding '${binding}' references Worker '${service}' which was not found. Verify the Worker exists in your account and that the service name in your configuration is correct.`,
  );
/** Deleting, without `force=true`, a Worker that another one still binds as a service (what `force` overrides). */
export const serviceBindingConflict = (script: string, referrers: string[]) =>
  new CfApiError(400, 10142, `Cannot delete Worker '${script}': it is the target of a service binding of ${referrers.map((r) => `'${r}'`).join(', ')}. Remove those bindings first, or delete with force=true.`);
export const badRequest = (message: string) => new CfApiError(400, 10001, message);
export const migrationTagMismatch = (current: string | undefined) =>
  new CfApiError(400, 10079, `Migration tag precondition failed; current tag is ${current === undefined ? 'empty' : `'${current}'`}`);
export const subdomainNotRegistered = () => new CfApiError(404, 10007, "haven't registered workers.dev");

export const routeNotFound = () => new CfApiError(404, 10018, 'workers.api.error.route_not_found');
export const zoneNotFound = () => new CfApiError(404, 7003, 'Could not route to /zones, perhaps your object identifier is invalid?');
export const domainNotFound = () => new CfApiError(404, 100117, 'Domain not found');
export const hostnameNotInZone = (hostname: string) => new CfApiError(400, 100116, `Hostname '${hostname}' is not on a zone of this account`);

export const d1NotFound = () => new CfApiError(404, 7404, 'The database could not be found');
export const d1NameTaken = (name: string) => new CfApiError(400, 7502, `A database with that name already exists: ${name}`);
export const d1SqlError = (message: string) => new CfApiError(400, 7500, message);

export const namespaceNotFound = () => new CfApiError(404, 100119, 'Dispatch namespace not found');
export const namespaceExists = () => new CfApiError(409, 100120, 'A namespace with this name already exists');

export const rateLimited = (retryAfter: number) =>
  new CfApiError(429, 971, 'Please wait and consider throttling your request speed', { 'retry-after': String(retryAfter) });
export const internalError = () => new CfApiError(500, 10013, 'An unknown error has occurred.');
