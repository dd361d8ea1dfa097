/** The admin web page: HTML and its assets, answered without a token (the page asks for one). */
import { z } from 'zod';
import { defineRoute } from '../route';

const html = { 'text/html': z.string() };

export const getAdminPage = defineRoute({
  operationId: 'getAdminPage',
  method: 'get',
  path: '/',
  auth: false,
  summary: 'The admin web page (it asks for the admin token and keeps it in the browser session)',
  responses: { '200': { description: 'The page', content: html } },
});

export const getAdminPageRoot = defineRoute({
  operationId: 'getAdminPageRoot',
  method: 'get',
  path: '/ui',
  auth: false,
  summary: 'The admin web page (its dashboard)',
  responses: { '200': { description: 'The page', content: html } },
});

export const getAdminPageView = defineRoute({
  operationId: 'getAdminPageView',
  method: 'get',
  path: '/ui/{view}',
  auth: false,
  summary: 'The admin web page at one of its views (requests, requests/{id}, plan, settings, …), and its script and style sheet (app.js, app.css)',
  params: z.object({ view: z.string().describe('A view path; may be empty or hold slashes (requests/{id})') }),
  responses: { '200': { description: 'The page, or one of its assets', content: { ...html, 'text/javascript': z.string(), 'text/css': z.string() } } },
});
