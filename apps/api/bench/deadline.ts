// Per-request deadline cost: what fastify's handlerTimeout does per request (AbortController + setTimeout +
// clearTimeout + abort() on close, which builds a DOMException) against the shared sweep (src/deadline.ts: one object
// in a Set). Usage: pnpm --filter @jobskill/api bench:deadline
import { DeadlineSweeper } from '../src/deadline.ts';

const N = 200_000;
const reply = { raw: { once() {}, off() {}, writableFinished: true, headersSent: false }, sent: true } as never;
function time(name: string, fn: () => void): number {
  for (let i = 0; i < 20_000; i++) fn();
  const start = performance.now();
  for (let i = 0; i < N; i++) fn();
  const ns = ((performance.now() - start) * 1e6) / N;
  console.log(`${name.padEnd(60)} ${ns.toFixed(0).padStart(6)} ns/request`);
  return ns;
}
const fastify = time('handlerTimeout: AbortController + timer + abort() (DOMException)', () => {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 10_000);
  clearTimeout(timer);
  ac.abort();
});
const sweeper = new DeadlineSweeper(10_000);
const swept = time('shared sweep: start + finish', () => sweeper.finish(sweeper.start(reply)));
sweeper.close();
console.log(`the shared sweep costs ${(fastify / swept).toFixed(1)}x less per request (no signal asked for)`);
