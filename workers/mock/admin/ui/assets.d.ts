/** The admin web page, bundled at build time by cli/admin-ui-plugin.ts. */
declare module 'mockloop:admin-ui' {
  export const APP_JS: string;
  export const APP_CSS: string;
  export const UI_VERSION: string;
}
