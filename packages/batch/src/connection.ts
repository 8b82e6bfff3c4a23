import { JobskillError } from '@jobskill/data';

/** What BullMQ (ioredis) needs to reach Redis; parsed from a `redis://` URL. */
export interface RedisConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  /** BullMQ workers block on Redis: ioredis must retry forever instead of failing a command after 20 tries. */
  maxRetriesPerRequest: null;
}

/** `redis://[user:password@]host[:port][/db]` → connection options; anything else is INVALID_QUEUE_URL. */
export function parseQueueUrl(url: string): RedisConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new JobskillError('INVALID_QUEUE_URL', `--queue "${url}" is not a URL; expected redis://HOST:PORT[/DB]`);
  }
  if (parsed.protocol !== 'redis:') {
    throw new JobskillError('INVALID_QUEUE_URL', `--queue "${url}": only redis:// URLs are supported (BullMQ on Redis)`);
  }
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, '');
  const db = dbText === '' ? undefined : Number(dbText);
  if (db !== undefined && (!Number.isInteger(db) || db < 0)) {
    throw new JobskillError('INVALID_QUEUE_URL', `--queue "${url}": the database "${dbText}" is not a whole number`);
  }
  return {
    host: parsed.hostname || '127.0.0.1',
    port,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db !== undefined ? { db } : {}),
    maxRetriesPerRequest: null,
  };
}
