import { describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { fakeServices } from './__fixtures__/fake-services.ts';

const preflight = { method: 'OPTIONS' as const, url: '/v1/skills/search', headers: { 'access-control-request-method': 'POST' } };

describe('CORS', () => {
  it('is off by default: no allow-origin header for any origin', async () => {
    const app = await buildApp({ services: fakeServices() });
    const res = await app.inject({ ...preflight, headers: { ...preflight.headers, origin: 'https://app.example' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    await app.close();
  });

  it('allows exactly the listed origins', async () => {
    const app = await buildApp({ services: fakeServices(), corsOrigins: ['https://app.example'] });
    const ok = await app.inject({ ...preflight, headers: { ...preflight.headers, origin: 'https://app.example' } });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example');
    const other = await app.inject({ ...preflight, headers: { ...preflight.headers, origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    await app.close();
  });
});
