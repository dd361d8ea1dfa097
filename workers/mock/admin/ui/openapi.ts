/** The admin web page's paths in the admin API's OpenAPI document: HTML and its assets, no token. */
const html = { 'text/html': { schema: { type: 'string' } } };

export const ADMIN_UI_PATHS = {
  '/': {
    get: { operationId: 'getAdminPage', security: [], summary: 'The admin web page (it asks for the admin token and keeps it in the browser session)', responses: { '200': { description: 'The page', content: html } } },
  },
  '/ui/{view}': {
    get: {
      operationId: 'getAdminPageView',
      security: [],
      summary: 'The admin web page at one of its views (requests, requests/{id}, plan, settings, …), and its script and style sheet (app.js, app.css)',
      parameters: [{ name: 'view', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': { description: 'The page, or one of its assets', content: { ...html, 'text/javascript': { schema: { type: 'string' } }, 'text/css': { schema: { type: 'string' } } } },
      },
    },
  },
} as const;
