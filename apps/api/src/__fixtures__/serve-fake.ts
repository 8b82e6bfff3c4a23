// Starts the API on 127.0.0.1 (free port) with fake services; prints the URL. Used by server.test.ts to test
// SIGTERM handling in a real process. Usage: serve-fake.ts [delayMs]
import { startServer } from '../server.ts';
import { fakeServices } from './fake-services.ts';

const delayMs = Number(process.argv[2] ?? 0);
const server = await startServer({ port: 0, services: fakeServices({ delayMs }), logLevel: 'silent' });
process.stdout.write(`${server.url}\n`);
