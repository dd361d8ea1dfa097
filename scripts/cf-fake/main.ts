/**
 * `npm run cf:fake -- --port P --edge-port E [--token T]… [--account-id ID] [--subdomain S] [--zone Z]…`
 * Starts the Cloudflare API fake and prints its two addresses; stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startCloudflareFake } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'edge-port': { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    token: { type: 'string', multiple: true },
    'account-id': { type: 'string' },
    subdomain: { type: 'string' },
    zone: { type: 'string', multiple: true },
    'persist-to': { type: 'string' },
  },
});

const port = Number(values.port);
const edgePort = Number(values['edge-port']);
if (!Number.isInteger(port) || !Number.isInteger(edgePort)) {
  console.error('--port and --edge-port take a port number');
  process.exit(2);
}
const fake = await startCloudflareFake({
  host: values.host,
  port,
  edgePort,
  tokens: values.token,
  accountId: values['account-id'],
  subdomain: values.subdomain,
  zones: values.zone,
  persistDir: values['persist-to'],
  workerLog: (line) => console.error(`[worker] ${line}`),
});
console.log(`api http://${values.host}:${new URL(fake.apiUrl).port}/client/v4`);
console.log(`edge ${fake.edgeUrl}`);
console.log(`account ${fake.accountId}`);
console.log(`subdomain ${fake.subdomain}.workers.dev`);
if (values.token === undefined) console.log(`token ${fake.token}`);

const stop = async () => {
  await fake.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
