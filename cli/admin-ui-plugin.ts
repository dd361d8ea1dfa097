/**
 * esbuild plugin behind the `mockloop:admin-ui` import of the mock worker: bundles the admin web
 * page (workers/mock/admin/ui/client, browser TypeScript + CSS) and hands it to the worker as
 * strings, so the page ships inside the one worker bundle and needs no asset store or CDN.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';

export const ADMIN_UI_MODULE = 'mockloop:admin-ui';

export interface AdminUiBundle {
  js: string;
  css: string;
  /** Content hash: the asset URLs carry it, so a browser may cache them for good. */
  version: string;
}

export async function bundleAdminUi(root: string): Promise<AdminUiBundle> {
  const result = await build({
    entryPoints: [join(root, 'workers/mock/admin/ui/client/main.ts')],
    bundle: true,
    write: false,
    outdir: '/ui',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  let js = '';
  let css = '';
  for (const file of result.outputFiles) {
    if (file.path.endsWith('.js')) js = file.text;
    else if (file.path.endsWith('.css')) css = file.text;
  }
  const version = createHash('sha256').update(js).update(css).digest('hex').slice(0, 16);
  return { js, css, version };
}

export function adminUiPlugin(root: string): Plugin {
  return {
    name: 'mockloop-admin-ui',
    setup(b) {
      b.onResolve({ filter: /^mockloop:admin-ui$/ }, (args) => ({ path: args.path, namespace: 'mockloop-admin-ui' }));
      b.onLoad({ filter: /.*/, namespace: 'mockloop-admin-ui' }, async () => {
        const ui = await bundleAdminUi(root);
        return {
          loader: 'js',
          contents: `export const APP_JS = ${JSON.stringify(ui.js)};\nexport const APP_CSS = ${JSON.stringify(ui.css)};\nexport const UI_VERSION = ${JSON.stringify(ui.version)};\n`,
          watchDirs: [join(root, 'workers/mock/admin/ui/client')],
        };
      });
    },
  };
}
