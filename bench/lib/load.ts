import { request } from 'node:http';
import autocannon from 'autocannon';

export interface LoadResult {
  requests_per_second: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  errors: number;
  non_2xx: number;
}

/** How long a client waits for an answer before counting a timeout (autocannon's default). */
const TIMEOUT_SECONDS = 10;

/** An autocannon run: `connections` clients as fast as the server answers, for `seconds`. */
export async function load(options: {
  url: string;
  path: string;
  method?: 'GET' | 'POST';
  token?: string;
  /** One caller per request, cycled: 50 clients are 50 people, not one person 50 times. */
  tokens?: string[];
  body?: unknown;
  /** One body per request, cycled: different texts defeat caches that would flatter the numbers. */
  bodies?: unknown[];
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let nextBody = 0;
  let nextToken = 0;
  const { bodies, tokens } = options;
  const result = await autocannon({
    url: options.url + options.path,
    method: options.method ?? 'GET',
    connections: options.connections,
    duration: options.seconds,
    timeout: TIMEOUT_SECONDS,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(bodies || tokens
      ? {
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                ...(bodies ? { body: JSON.stringify(bodies[nextBody++ % bodies.length]) } : {}),
                ...(tokens
                  ? { headers: { ...request.headers, authorization: `Bearer ${tokens[nextToken++ % tokens.length]}` } }
                  : {}),
              }),
            },
          ],
        }
      : {}),
  });
  // Latencies count answered requests only: when none was answered, every request waited at
  // least the timeout, which is then the honest (lower-bound) figure rather than autocannon's 0.
  const unanswered = result.latency.max === 0 && result.timeouts > 0;
  return {
    requests_per_second: Math.round(result.requests.average),
    p50_ms: unanswered ? TIMEOUT_SECONDS * 1000 : result.latency.p50,
    p99_ms: unanswered ? TIMEOUT_SECONDS * 1000 : result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non_2xx: result.non2xx,
  };
}

export async function signIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function api<T>(
  url: string,
  path: string,
  token: string,
  body?: unknown,
  method = body ? 'POST' : 'GET',
): Promise<T> {
  const res = await fetch(url + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * A POST that may take minutes (a whole misuse run): node:http without a deadline, where fetch
 * gives up on response headers after five minutes.
 */
export function longPost<T>(url: string, path: string, token: string, body: unknown): Promise<T> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url + path,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200 && res.statusCode !== 201)
            reject(new Error(`POST ${path}: ${res.statusCode} ${text}`));
          else resolve(JSON.parse(text) as T);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
