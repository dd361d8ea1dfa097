export { isLoopbackHost } from './loopback';
export { CLAUDE_CALLBACKS, redirectRefusal } from './redirects';
