// A `servicesModule` for startCluster tests: each worker serves fake services that name their process.
import { getHeapStatistics } from 'node:v8';
import type { ApiServices } from '../services.ts';
import { fakeServices } from './fake-services.ts';

export function createServices(): ApiServices {
  if (process.env.JOBSKILL_FAKE_FAIL === '1') throw new Error('fake services refused to load');
  const services = fakeServices();
  const search = services.skills.search.bind(services.skills);
  // The label of the first hit carries the worker's pid and V8 heap limit (MB), so a test can see which process
  // answered and with which flags it was started.
  const heapMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  services.skills.search = async (title, options) => {
    const hits = await search(title, options);
    return hits.map((h, i) => (i === 0 ? { ...h, label: `${h.label}@${process.pid}@${heapMb}` } : h));
  };
  return services;
}
