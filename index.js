// The package entry (`import { startMock } from 'mockloop-edge'`): the TypeScript API in cli/api,
// loaded through tsx without registering it for the importing program. Types: cli/api/index.ts.
import { tsImport } from 'tsx/esm/api';

const api = await tsImport('./cli/api/index.ts', import.meta.url);

export const startMock = api.startMock;
export const MockStartError = api.MockStartError;
