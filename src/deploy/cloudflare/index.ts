export { ADMIN_PATH_PREFIX, reservedPathConflicts } from './admin-path';
export { type CloudflareApiOptions, DEFAULT_API_BASE } from './api';
export { DATABASE_NAME, type Migration } from './d1';
export { CloudflareDeployer, type CloudflareDeployerOptions } from './deployer';
export { ENGINE_SCRIPT } from './engine';
export { DEPLOY_CLOUDFLARE_API, DEPLOY_RESERVED_PATH } from './errors';
export type { Target } from './scripts';
export { buildMetadata, buildUploadForm, COMPATIBILITY_DATE, MAIN_MODULE, type UploadMetadata } from './upload-form';
export { deriveAdminToken } from './admin-token';
