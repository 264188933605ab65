import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './app-config';

const SECRET = 'x'.repeat(32);

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('starts in development with no variables at all, using documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      isProduction: false,
      port: 3000,
      apiPrefix: '',
      database: { uri: undefined, serverSelectionTimeoutMs: 5000, local: { fresh: false, dataDir: undefined } },
      auth: { accessTtlSeconds: 900, refreshTtlSeconds: 604800 },
      cors: { origins: true },
      misuseCron: '0 2 * * *',
      ticketsPerDay: 5,
      reopenWindowDays: 7,
      logLevel: 'info',
      buildCommit: undefined,
      bootstrapAdmin: undefined,
    });
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('reads every variable into its typed place', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      API_PREFIX: '/api/',
      MONGODB_URI: 'mongodb://db:27017/helpdesk',
      MONGODB_DB_NAME: 'other',
      JWT_SECRET: SECRET,
      JWT_ACCESS_TTL: '10m',
      JWT_REFRESH_TTL: '14d',
      CORS_ORIGINS: 'https://a.example.com, https://b.example.com',
      GEMINI_API_KEY: 'g-key',
      GEMINI_MODEL: 'gemini-x',
      PINECONE_API_KEY: 'p-key',
      PINECONE_INDEX: 'kb',
      PINECONE_HOST: 'https://kb-abc.svc.pinecone.io',
      GEMINI_EMBEDDING_DIMENSIONS: '1536',
      REDIS_URL: 'redis://cache:6379',
      MISUSE_CRON: '30 3 * * *',
      TICKETS_PER_DAY: '7',
      REOPEN_WINDOW_DAYS: '14',
      BUILD_COMMIT: '90ef34e',
      LOG_LEVEL: 'warn',
      BOOTSTRAP_ADMIN_USERNAME: 'root',
      BOOTSTRAP_ADMIN_PASSWORD: 'correct horse battery',
    });
    expect(config).toMatchObject({
      isProduction: true,
      port: 8080,
      apiPrefix: 'api',
      database: { uri: 'mongodb://db:27017/helpdesk', dbName: 'other' },
      auth: { jwtSecret: SECRET, accessTtlSeconds: 600, refreshTtlSeconds: 14 * 86400 },
      cors: { origins: ['https://a.example.com', 'https://b.example.com'] },
      ai: {
        gemini: { apiKey: 'g-key', model: 'gemini-x', embeddingDimensions: 1536 },
        pinecone: { apiKey: 'p-key', index: 'kb', host: 'https://kb-abc.svc.pinecone.io' },
      },
      redisUrl: 'redis://cache:6379',
      misuseCron: '30 3 * * *',
      ticketsPerDay: 7,
      reopenWindowDays: 14,
      buildCommit: '90ef34e',
      logLevel: 'warn',
      bootstrapAdmin: { username: 'root', password: 'correct horse battery', email: 'root@helpdesk.local' },
    });
  });

  it.each([
    ['true', true],
    ['false', false],
    ['10.0.0.0/8, 192.168.1.1', ['10.0.0.0/8', '192.168.1.1']],
  ])('reads TRUST_PROXY=%s', (raw, expected) => {
    expect(loadConfig({ TRUST_PROXY: raw }).http.trustProxy).toEqual(expected);
  });

  it('reads where the local development database keeps its data, and whether to start it empty', () => {
    expect(loadConfig({ DEV_DATABASE_FRESH: 'true', DEV_DATABASE_DIR: '/srv/helpdesk-dev' }).database.local).toEqual({
      fresh: true,
      dataDir: '/srv/helpdesk-dev',
    });
    expect(() => loadConfig({ DEV_DATABASE_FRESH: 'yes' })).toThrow(/DEV_DATABASE_FRESH: must be true or false/);
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ PORT: '', MONGODB_URI: '  ', REDIS_URL: '' });
    expect(config.port).toBe(3000);
    expect(config.database.uri).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ MONGODB_URI: 'postgres://db' }, 'MONGODB_URI'],
    [{ REDIS_URL: 'http://cache' }, 'REDIS_URL'],
    [{ MISUSE_CRON: 'every night' }, 'MISUSE_CRON'],
    [{ MISUSE_CRON: '0 25 * * *' }, 'MISUSE_CRON'],
    [{ TICKETS_PER_DAY: '0' }, 'TICKETS_PER_DAY'],
    [{ TICKETS_PER_DAY: '2.5' }, 'TICKETS_PER_DAY'],
    [{ REOPEN_WINDOW_DAYS: '-1' }, 'REOPEN_WINDOW_DAYS'],
    [{ REOPEN_WINDOW_DAYS: 'a week' }, 'REOPEN_WINDOW_DAYS'],
    [{ BUILD_COMMIT: 'rm -rf /' }, 'BUILD_COMMIT'],
    [{ JWT_ACCESS_TTL: 'soon' }, 'JWT_ACCESS_TTL'],
    [{ CORS_ORIGINS: 'not a url' }, 'CORS_ORIGINS'],
    [{ API_PREFIX: 'a b' }, 'API_PREFIX'],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY'],
    [{ BOOTSTRAP_ADMIN_USERNAME: 'root' }, 'BOOTSTRAP_ADMIN_USERNAME / BOOTSTRAP_ADMIN_PASSWORD'],
    [{ BOOTSTRAP_ADMIN_USERNAME: 'root', BOOTSTRAP_ADMIN_PASSWORD: 'short' }, 'BOOTSTRAP_ADMIN_PASSWORD'],
    [{ PINECONE_API_KEY: 'p-key' }, 'PINECONE_INDEX'],
    [{ PINECONE_API_KEY: 'p-key', PINECONE_INDEX: 'kb' }, 'GEMINI_API_KEY'],
    [{ PINECONE_HOST: 'not a url' }, 'PINECONE_HOST'],
    [{ GEMINI_EMBEDDING_DIMENSIONS: '64' }, 'GEMINI_EMBEDDING_DIMENSIONS'],
    [{ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'yes' }, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS'],
    [{ WEBHOOK_MAX_ATTEMPTS: '0' }, 'WEBHOOK_MAX_ATTEMPTS'],
    [{ WEBHOOK_TIMEOUT_MS: '10' }, 'WEBHOOK_TIMEOUT_MS'],
    [{ JWT_ACCESS_TTL: '2h', JWT_REFRESH_TTL: '1h' }, 'JWT_REFRESH_TTL'],
  ])('refuses %j and names %s', (env, variable) => {
    const problems = problemsOf(env);
    expect(problems.some((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it('allows webhook targets inside the network in development only, unless told otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).webhooks.allowPrivateNetworks).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: SECRET }).webhooks.allowPrivateNetworks).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, MONGODB_URI: 'mongodb://db/h' }).webhooks).toEqual({
      allowPrivateNetworks: false,
      timeoutMs: 10_000,
      maxAttempts: 10,
      retryBaseMs: 10_000,
    });
    expect(
      loadConfig({ NODE_ENV: 'development', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' }).webhooks.allowPrivateNetworks,
    ).toBe(false);
  });

  it('requires JWT_SECRET outside development, of at least 32 bytes', () => {
    expect(problemsOf({ NODE_ENV: 'test' })).toContainEqual(expect.stringMatching(/^JWT_SECRET: is required/));
    expect(problemsOf({ NODE_ENV: 'test', JWT_SECRET: 'short' })).toContainEqual(
      expect.stringMatching(/^JWT_SECRET: must be at least 32 bytes/),
    );
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: SECRET }).auth.jwtSecret).toBe(SECRET);
  });

  it('refuses to run in production without MONGODB_URI, and with CORS open to everyone', () => {
    const problems = problemsOf({ NODE_ENV: 'production', JWT_SECRET: SECRET, CORS_ORIGINS: '*' });
    expect(problems).toContainEqual(expect.stringMatching(/^MONGODB_URI: is required in production/));
    expect(problems).toContainEqual(expect.stringMatching(/^CORS_ORIGINS:/));
  });

  it('closes CORS in production unless origins are listed', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, MONGODB_URI: 'mongodb://db/h' });
    expect(config.cors.origins).toBe(false);
  });

  it('reports every problem at once, not only the first', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      } catch (e) {
        return e as ConfigError;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/PORT:.*\n.*LOG_LEVEL:/s);
  });
});

describe('.env.example', () => {
  const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');

  it.each(CONFIG_VARIABLES)('documents %s', (variable) => {
    expect(example).toMatch(new RegExp(`^#? ?${variable}=`, 'm'));
  });

  it('holds only values the service accepts', () => {
    const assigned = Object.fromEntries(
      example
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    );
    expect(() => loadConfig(assigned)).not.toThrow();
  });
});
