import { validateCronExpression } from 'cron';
import { z } from 'zod';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The environment schema of SPEC §10. Parsed once at start; everything else reads the typed
 * AppConfig, never process.env, so a typo in a variable name is a compile error, not a silent default.
 */

const NODE_ENVS = ['development', 'test', 'production'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const MIN_JWT_SECRET_BYTES = 32;

const optionalString = z.string().trim().optional();

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

/** Accepts `900`, `900s`, `15m`, `12h`, `7d`; yields seconds. */
const duration = z
  .string()
  .trim()
  .regex(/^\d+\s*[smhd]?$/i, { error: 'must be a duration such as 900, 900s, 15m, 12h or 7d' })
  .transform((raw) => {
    const match = /^(\d+)\s*([smhd]?)$/i.exec(raw)!;
    const unitSeconds: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
    return Number(match[1]) * unitSeconds[match[2]!.toLowerCase()]!;
  })
  .refine((seconds) => seconds > 0, { error: 'must be longer than zero' });

/** Where `npm run model:install` puts the local sentence model unless LOCAL_EMBEDDING_MODEL_DIR says. */
const DEFAULT_MODEL_DIR = join(homedir(), '.cache', 'helpdesk-api', 'models', 'all-minilm-l6-v2');

const booleanFlag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

const mongoUri = z
  .string()
  .trim()
  .regex(/^mongodb(\+srv)?:\/\/\S+$/, { error: 'must be a mongodb:// or mongodb+srv:// connection string' });

const redisUri = z
  .string()
  .trim()
  .regex(/^rediss?:\/\/\S+$/, { error: 'must be a redis:// or rediss:// URL' });

/** Validated by the same cron library @nestjs/schedule runs the job with. */
const cronExpression = z
  .string()
  .trim()
  .refine((value) => validateCronExpression(value).valid, {
    error: 'must be a cron expression such as "0 2 * * *"',
  });

const corsOrigins = z
  .string()
  .trim()
  .transform((raw) =>
    raw
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0),
  )
  .refine((origins) => origins.every((o) => o === '*' || /^https?:\/\/[^\s/]+$/.test(o)), {
    error: 'must be "*" or a comma-separated list of origins such as https://helpdesk.example.com',
  });

/**
 * Whom to believe about the client address (X-Forwarded-For): `false` (default: nobody, the
 * socket address counts), `true` (every hop: only behind a proxy that overwrites the header), or
 * a comma-separated list of proxy addresses/CIDRs. Login throttling keys on it.
 */
const trustProxy = z
  .string()
  .trim()
  .refine((raw) => raw === 'true' || raw === 'false' || /^[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*$/.test(raw), {
    error: 'must be true, false, or a comma-separated list of proxy addresses or CIDRs',
  })
  .transform((raw): boolean | string[] =>
    raw === 'true' ? true : raw === 'false' ? false : raw.split(',').map((entry) => entry.trim()),
  );

const environmentSchema = z.object({
  NODE_ENV: z.enum(NODE_ENVS, { error: `must be one of ${NODE_ENVS.join(', ')}` }).default('development'),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  PORT: integer(0, 65535).default(3000),
  API_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9/_-]*$/, { error: 'may hold only letters, digits, "/", "_" and "-"' })
    .optional(),
  MONGODB_URI: mongoUri.optional(),
  MONGODB_DB_NAME: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,63}$/, { error: 'must be 1-63 letters, digits, "_" or "-"' })
    .optional(),
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: integer(100, 120_000).default(5000),
  DEV_DATABASE_FRESH: booleanFlag.default(false),
  DEV_DATABASE_DIR: z.string().trim().min(1).optional(),
  JWT_SECRET: optionalString,
  JWT_ACCESS_TTL: duration.default(900),
  JWT_REFRESH_TTL: duration.default(7 * 86400),
  CORS_ORIGINS: corsOrigins.optional(),
  // The largest valid JSON body fits: a document of 200,000 characters, each escaped as a
  // surrogate pair (\ud83d\ude00, 12 bytes), is 2.4 MB; a field over its length is then answered
  // by its rule (400, naming it) rather than by the size limit (test/request-bodies.e2e-spec.ts).
  BODY_LIMIT_BYTES: integer(1024, 50 * 1024 * 1024).default(3 * 1024 * 1024),
  TRUST_PROXY: trustProxy.default(false),
  UPLOAD_LIMIT_BYTES: integer(1024, 100 * 1024 * 1024).default(10 * 1024 * 1024),
  GEMINI_API_KEY: optionalString,
  GEMINI_MODEL: z.string().trim().min(1).default('gemini-2.5-flash'),
  GEMINI_EMBEDDING_MODEL: z.string().trim().min(1).default('gemini-embedding-001'),
  GEMINI_BASE_URL: z.url({ error: 'must be a URL' }).optional(),
  GEMINI_EMBEDDING_DIMENSIONS: integer(128, 3072).default(768),
  AI_TIMEOUT_MS: integer(100, 60_000).default(5000),
  LOCAL_EMBEDDINGS: booleanFlag.default(true),
  LOCAL_EMBEDDING_MODEL_DIR: z.string().trim().min(1).optional(),
  PINECONE_API_KEY: optionalString,
  PINECONE_INDEX: optionalString,
  PINECONE_HOST: z.url({ error: 'must be a URL' }).optional(),
  REDIS_URL: redisUri.optional(),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFlag.optional(),
  WEBHOOK_TIMEOUT_MS: integer(100, 60_000).default(10_000),
  WEBHOOK_MAX_ATTEMPTS: integer(1, 50).default(10),
  WEBHOOK_RETRY_BASE_MS: integer(10, 3_600_000).default(10_000),
  MISUSE_CRON: cronExpression.default('0 2 * * *'),
  // `off`: this instance never runs the SLA job (another does; the specs drive it by hand).
  SLA_CRON: z.union([z.literal('off'), cronExpression]).default('* * * * *'),
  TICKETS_PER_DAY: integer(1, 10_000).default(5),
  REOPEN_WINDOW_DAYS: integer(0, 365).default(7),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  // Set by the image build (`--build-arg BUILD_COMMIT=$(git rev-parse HEAD)`); empty means unknown.
  BUILD_COMMIT: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z._-]{0,64}$/, { error: 'must be up to 64 letters, digits, ".", "_" or "-" (a commit id)' })
    .transform((raw) => (raw === '' ? undefined : raw))
    .optional(),
  BOOTSTRAP_ADMIN_USERNAME: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{3,50}$/, { error: 'must be 3-50 letters, digits, ".", "_" or "-"' })
    .optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12, { error: 'must be at least 12 characters' }).max(128).optional(),
  BOOTSTRAP_ADMIN_EMAIL: z.email({ error: 'must be an e-mail address' }).optional(),
});

/** Every variable the service reads; `.env.example` documents each one (a unit spec checks). */
export const CONFIG_VARIABLES = Object.keys(environmentSchema.shape);

export type NodeEnv = (typeof NODE_ENVS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  nodeEnv: NodeEnv;
  isProduction: boolean;
  host: string;
  port: number;
  apiPrefix: string;
  /** `dbName` overrides the database named in the URI (tests give every file its own). */
  database: {
    uri: string | undefined;
    dbName: string | undefined;
    serverSelectionTimeoutMs: number;
    /** Without MONGODB_URI outside production, the local development database: */
    local: {
      /** Start it empty. */
      fresh: boolean;
      /** Its data folder; undefined: `.data` in the project. */
      dataDir: string | undefined;
    };
  };
  auth: { jwtSecret: string; accessTtlSeconds: number; refreshTtlSeconds: number };
  /** `true` reflects any origin; a list allows exactly those; `false` disables CORS. */
  cors: { origins: string[] | true | false };
  http: { bodyLimitBytes: number; trustProxy: boolean | string[]; uploadLimitBytes: number };
  ai: {
    gemini: {
      apiKey: string | undefined;
      model: string;
      embeddingModel: string;
      /** Must equal the Pinecone index's dimension. */
      embeddingDimensions: number;
      baseUrl: string | undefined;
    };
    /** A hosted call slower than this is abandoned and the local implementation answers. */
    timeoutMs: number;
    /**
     * The in-process sentence model behind hybrid retrieval; off, or its files missing, leaves
     * the lexical index alone (README, "Self-serve retrieval").
     */
    localEmbeddings: { enabled: boolean; modelDir: string };
    /** `host` is the index's data-plane URL; without it the SDK looks it up by index name. */
    pinecone: { apiKey: string | undefined; index: string | undefined; host: string | undefined };
  };
  redisUrl: string | undefined;
  webhooks: {
    /** Targets on loopback, private or link-local addresses are refused unless this is set. */
    allowPrivateNetworks: boolean;
    timeoutMs: number;
    maxAttempts: number;
    /** The first retry's delay; each later one doubles (capped at an hour), with jitter. */
    retryBaseMs: number;
  };
  misuseCron: string;
  /** When the SLA job looks for warnings and breaches (UTC); null: not on this instance. */
  slaCron: string | null;
  ticketsPerDay: number;
  /** How long after its resolution the requester may reopen a ticket (0: never). */
  reopenWindowDays: number;
  logLevel: LogLevel;
  /** Which commit this build was made from, when the build said (GET /admin/system-status). */
  buildCommit: string | undefined;
  bootstrapAdmin: { username: string; password: string; email: string } | undefined;
}

/** Raised when the environment is unusable; its message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A fixed development-only secret, so `npm run start:dev` works without set-up; refused elsewhere. */
const DEVELOPMENT_JWT_SECRET = 'development-only-secret-change-me-0123456789';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty values count as unset: `.env` and compose files often carry `KEY=`.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const isProduction = e.NODE_ENV === 'production';

  let jwtSecret = e.JWT_SECRET;
  if (!jwtSecret) {
    if (e.NODE_ENV === 'development') jwtSecret = DEVELOPMENT_JWT_SECRET;
    else problems.push(`JWT_SECRET: is required when NODE_ENV is ${e.NODE_ENV}`);
  } else if (e.NODE_ENV !== 'development' && Buffer.byteLength(jwtSecret, 'utf8') < MIN_JWT_SECRET_BYTES) {
    problems.push(`JWT_SECRET: must be at least ${MIN_JWT_SECRET_BYTES} bytes outside development`);
  }
  if (isProduction && !e.MONGODB_URI) {
    problems.push('MONGODB_URI: is required in production (the embedded database is for development only)');
  }
  if (Boolean(e.BOOTSTRAP_ADMIN_USERNAME) !== Boolean(e.BOOTSTRAP_ADMIN_PASSWORD)) {
    problems.push('BOOTSTRAP_ADMIN_USERNAME / BOOTSTRAP_ADMIN_PASSWORD: set both or neither');
  }
  if (e.PINECONE_API_KEY && !e.PINECONE_INDEX) {
    problems.push('PINECONE_INDEX: is required when PINECONE_API_KEY is set');
  }
  if (e.PINECONE_API_KEY && !e.GEMINI_API_KEY) {
    problems.push('GEMINI_API_KEY: is required when PINECONE_API_KEY is set (Gemini computes the embeddings)');
  }
  if (e.JWT_REFRESH_TTL <= e.JWT_ACCESS_TTL) {
    problems.push('JWT_REFRESH_TTL: must be longer than JWT_ACCESS_TTL');
  }
  if (isProduction && e.CORS_ORIGINS?.includes('*')) {
    problems.push('CORS_ORIGINS: "*" is not allowed in production; list the front-end origins');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const corsList = e.CORS_ORIGINS;
  const cors: AppConfig['cors'] =
    corsList === undefined || corsList.length === 0
      ? { origins: isProduction ? false : true }
      : { origins: corsList.includes('*') ? true : corsList };

  const prefix = (e.API_PREFIX ?? '').replace(/^\/+|\/+$/g, '');

  return {
    nodeEnv: e.NODE_ENV,
    isProduction,
    host: e.HOST,
    port: e.PORT,
    apiPrefix: prefix,
    database: {
      uri: e.MONGODB_URI,
      dbName: e.MONGODB_DB_NAME,
      serverSelectionTimeoutMs: e.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
      local: { fresh: e.DEV_DATABASE_FRESH, dataDir: e.DEV_DATABASE_DIR },
    },
    auth: { jwtSecret: jwtSecret!, accessTtlSeconds: e.JWT_ACCESS_TTL, refreshTtlSeconds: e.JWT_REFRESH_TTL },
    cors,
    http: { bodyLimitBytes: e.BODY_LIMIT_BYTES, trustProxy: e.TRUST_PROXY, uploadLimitBytes: e.UPLOAD_LIMIT_BYTES },
    ai: {
      gemini: {
        apiKey: e.GEMINI_API_KEY,
        model: e.GEMINI_MODEL,
        embeddingModel: e.GEMINI_EMBEDDING_MODEL,
        embeddingDimensions: e.GEMINI_EMBEDDING_DIMENSIONS,
        baseUrl: e.GEMINI_BASE_URL,
      },
      timeoutMs: e.AI_TIMEOUT_MS,
      localEmbeddings: { enabled: e.LOCAL_EMBEDDINGS, modelDir: e.LOCAL_EMBEDDING_MODEL_DIR ?? DEFAULT_MODEL_DIR },
      pinecone: { apiKey: e.PINECONE_API_KEY, index: e.PINECONE_INDEX, host: e.PINECONE_HOST },
    },
    redisUrl: e.REDIS_URL,
    webhooks: {
      allowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? e.NODE_ENV === 'development',
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    },
    misuseCron: e.MISUSE_CRON,
    slaCron: e.SLA_CRON === 'off' ? null : e.SLA_CRON,
    ticketsPerDay: e.TICKETS_PER_DAY,
    reopenWindowDays: e.REOPEN_WINDOW_DAYS,
    logLevel: e.LOG_LEVEL,
    buildCommit: e.BUILD_COMMIT,
    bootstrapAdmin:
      e.BOOTSTRAP_ADMIN_USERNAME && e.BOOTSTRAP_ADMIN_PASSWORD
        ? {
            username: e.BOOTSTRAP_ADMIN_USERNAME,
            password: e.BOOTSTRAP_ADMIN_PASSWORD,
            email: e.BOOTSTRAP_ADMIN_EMAIL ?? `${e.BOOTSTRAP_ADMIN_USERNAME}@helpdesk.local`,
          }
        : undefined,
  };
}
