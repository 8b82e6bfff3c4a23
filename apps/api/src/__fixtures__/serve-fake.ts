// Starts the API on 127.0.0.1 (free port) with fake services; prints the URL. Used by server.test.ts and
// hardening.test.ts to test signals and where logs go in a real process. Usage: serve-fake.ts [delayMs] [logLevel]
import { startServer } from '../server.ts';
import { fakeServices } from './fake-services.ts';

const delayMs = Number(process.argv[2] ?? 0);
const logLevel = (process.argv[3] ?? 'silent') as 'silent' | 'info';
const server = await startServer({ port: 0, services: fakeServices({ delayMs }), logLevel });
process.stdout.write(`${server.url}\n`);
