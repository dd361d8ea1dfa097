// Runs autocannon in its own process (away from the test runner's event loop) and prints the
// response time of every request it sent, as JSON: node autocannon-times.mjs '<options JSON>'.
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const times = [];
const instance = autocannon(options);
instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
instance.on('done', () => process.stdout.write(JSON.stringify(times)));
