import pino from 'pino';
import { Clock } from '../common/clock/clock';
import { loadConfig } from '../config/app-config';
import type { HarmScreen, RetrievedChunk, Retriever, ScreeningVerdict, TicketText, TopicLabeler } from './ai.ports';
import { AiStatusRegistry, describeFailure, MAX_FAILURE_MESSAGE_LENGTH } from './ai-status';
import { FallbackHarmScreen, FallbackRetriever, FallbackTopicLabeler } from './fallback';
import { LocalTopicLabeler } from './local/local-topic-labeler';

const GEMINI_KEY = 'AIzaSy-stand-in-gemini-key-0123456789';
const PINECONE_KEY = 'pcsk_stand-in-pinecone-key-9876543210';
const BASE_ENV = { NODE_ENV: 'test', JWT_SECRET: 'unit-secret-that-is-long-enough-0123456789abcdef' };

/** A clock a spec sets by hand. */
class FixedClock extends Clock {
  constructor(public at: Date) {
    super();
  }
  override now(): Date {
    return new Date(this.at);
  }
}

const silent = pino({ level: 'silent' });
const TEXT: TicketText = { title: 'VPN down', description: 'It times out' };
const LOCAL_VERDICT: ScreeningVerdict = { is_harmful: false, categories: [], reason: 'local', provider: 'local' };

function screen(result: () => Promise<ScreeningVerdict>): HarmScreen {
  return { screen: result };
}

describe('describeFailure', () => {
  it('keeps the message, and names the error class unless it is a plain Error', () => {
    expect(describeFailure(new Error('Gemini did not answer in time'), [])).toBe('Gemini did not answer in time');
    expect(describeFailure(new TypeError('fetch failed'), [])).toBe('TypeError: fetch failed');
    expect(describeFailure('a thrown string', [])).toBe('a thrown string');
    expect(describeFailure(new Error('   '), [])).toBe('unknown failure');
  });

  it('removes configured secrets wherever they appear', () => {
    const message = describeFailure(new Error(`bad key ${GEMINI_KEY}; again: ${GEMINI_KEY}`), [GEMINI_KEY]);
    expect(message).toBe('bad key [redacted]; again: [redacted]');
  });

  it('removes credentials in URLs and headers even when they are not the configured ones', () => {
    const message = describeFailure(
      new Error(
        'GET https://generativelanguage.googleapis.com/v1/models?key=AIzaSyOTHER&alt=json failed; ' +
          'proxy https://user:hunter2@proxy.local/ refused; Authorization: Bearer eyJhbGciOi.x.y; x-goog-api-key: AIzaSyZ',
      ),
      [],
    );
    expect(message).not.toMatch(/AIzaSyOTHER|hunter2|eyJhbGciOi|AIzaSyZ/);
    expect(message).toContain('?key=[redacted]&alt=json');
    expect(message).toContain('https://[redacted]@proxy.local/');
  });

  it('puts the message on one line and bounds its length', () => {
    expect(describeFailure(new Error('first\n  second\tthird'), [])).toBe('first second third');
    const long = describeFailure(new Error('x'.repeat(5000)), []);
    expect(long).toHaveLength(MAX_FAILURE_MESSAGE_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('AiStatusRegistry', () => {
  it('reports every port local, with nothing behind it, when no provider is configured', () => {
    const registry = new AiStatusRegistry(loadConfig(BASE_ENV), new Clock());
    const local = { provider: 'local', model: null, fallback: null, failures_since_start: 0, last_error: null };
    expect(registry.status()).toEqual({
      harm_screen: local,
      department_router: local,
      answer_writer: local,
      topic_labeler: local,
      embeddings: { ...local, vector_store: null, local_model: { state: 'not_loaded', model: null, reason: null } },
    });
  });

  it('says whether the local sentence model is off, loaded or unavailable, and why', () => {
    expect(
      new AiStatusRegistry(loadConfig({ ...BASE_ENV, LOCAL_EMBEDDINGS: 'false' }), new Clock()).status().embeddings
        .local_model,
    ).toEqual({ state: 'off', model: null, reason: null });
    const registry = new AiStatusRegistry(loadConfig(BASE_ENV), new Clock());
    registry.recordLocalModel({ state: 'loaded', model: 'all-MiniLM-L6-v2@abc', reason: null });
    expect(registry.status().embeddings.local_model).toEqual({
      state: 'loaded',
      model: 'all-MiniLM-L6-v2@abc',
      reason: null,
    });
    registry.recordLocalModel({ state: 'unavailable', model: null, reason: 'model files missing' });
    expect(registry.status().embeddings.local_model).toEqual({
      state: 'unavailable',
      model: null,
      reason: 'model files missing',
    });
  });

  it('reports Gemini first with local behind it, and embeddings only once Pinecone holds the vectors', () => {
    const geminiOnly = new AiStatusRegistry(
      loadConfig({ ...BASE_ENV, GEMINI_API_KEY: GEMINI_KEY, GEMINI_MODEL: 'gemini-x' }),
      new Clock(),
    ).status();
    expect(geminiOnly.harm_screen).toMatchObject({ provider: 'gemini', model: 'gemini-x', fallback: 'local' });
    expect(geminiOnly.answer_writer).toMatchObject({ provider: 'gemini', model: 'gemini-x', fallback: 'local' });
    expect(geminiOnly.topic_labeler).toMatchObject({ provider: 'gemini', model: 'gemini-x', fallback: 'local' });
    expect(geminiOnly.embeddings).toMatchObject({ provider: 'local', model: null, vector_store: null });

    const withPinecone = new AiStatusRegistry(
      loadConfig({
        ...BASE_ENV,
        GEMINI_API_KEY: GEMINI_KEY,
        GEMINI_EMBEDDING_MODEL: 'embed-x',
        PINECONE_API_KEY: PINECONE_KEY,
        PINECONE_INDEX: 'kb',
      }),
      new Clock(),
    ).status();
    expect(withPinecone.embeddings).toMatchObject({
      provider: 'gemini',
      model: 'embed-x',
      fallback: 'local',
      vector_store: 'pinecone',
    });
  });

  it('keeps the latest failure and the count per port, without the configured keys', () => {
    const clock = new FixedClock(new Date('2025-11-25T08:00:00.000Z'));
    const config = loadConfig({
      ...BASE_ENV,
      GEMINI_API_KEY: GEMINI_KEY,
      PINECONE_API_KEY: PINECONE_KEY,
      PINECONE_INDEX: 'kb',
    });
    const registry = new AiStatusRegistry(config, clock);
    registry.recordFailure('harm_screen', new Error('got status: 500'));
    clock.at = new Date('2025-11-25T08:05:00.000Z');
    registry.recordFailure('harm_screen', new Error(`key ${GEMINI_KEY} rejected`));
    registry.recordFailure('embeddings', new Error(`Pinecone ${PINECONE_KEY} unauthorised`));

    const status = registry.status();
    expect(status.harm_screen).toMatchObject({
      failures_since_start: 2,
      last_error: { at: new Date('2025-11-25T08:05:00.000Z'), message: 'key [redacted] rejected' },
    });
    expect(status.embeddings.last_error?.message).toBe('Pinecone [redacted] unauthorised');
    expect(status.department_router).toMatchObject({ failures_since_start: 0, last_error: null });
    expect(JSON.stringify(status)).not.toMatch(new RegExp(`${GEMINI_KEY}|${PINECONE_KEY}`));
  });

  it('hands out copies: a caller changing its answer does not change the record', () => {
    const registry = new AiStatusRegistry(loadConfig({ ...BASE_ENV, GEMINI_API_KEY: GEMINI_KEY }), new Clock());
    registry.recordFailure('answer_writer', new Error('boom'));
    registry.status().answer_writer.last_error!.message = 'changed';
    expect(registry.status().answer_writer.last_error?.message).toBe('boom');
  });
});

describe('the fallbacks record into the registry', () => {
  const registry = () => new AiStatusRegistry(loadConfig({ ...BASE_ENV, GEMINI_API_KEY: GEMINI_KEY }), new Clock());

  it('records a hosted failure when the local implementation answers instead', async () => {
    const status = registry();
    const fallback = new FallbackHarmScreen(
      screen(() => Promise.reject(new Error('Gemini did not answer in time'))),
      screen(() => Promise.resolve(LOCAL_VERDICT)),
      silent,
      status,
    );
    await expect(fallback.screen(TEXT)).resolves.toEqual(LOCAL_VERDICT);
    expect(status.status().harm_screen).toMatchObject({
      failures_since_start: 1,
      last_error: { message: 'Gemini did not answer in time' },
    });
  });

  it('records nothing when the hosted implementation answers', async () => {
    const status = registry();
    const hosted: ScreeningVerdict = { ...LOCAL_VERDICT, provider: 'gemini' };
    const fallback = new FallbackHarmScreen(
      screen(() => Promise.resolve(hosted)),
      screen(() => Promise.resolve(LOCAL_VERDICT)),
      silent,
      status,
    );
    await expect(fallback.screen(TEXT)).resolves.toEqual(hosted);
    expect(status.status().harm_screen).toMatchObject({ failures_since_start: 0, last_error: null });
  });

  it('records a failed vector search as the embeddings port', async () => {
    const status = registry();
    const lexical: RetrievedChunk[] = [];
    const failing: Retriever = { search: () => Promise.reject(new Error('Pinecone query failed')) };
    const local: Retriever = { search: () => Promise.resolve(lexical) };
    await expect(new FallbackRetriever(failing, local, silent, status).search('vpn')).resolves.toBe(lexical);
    expect(status.status().embeddings.last_error?.message).toBe('Pinecone query failed');
  });

  it('records a failed labelling as the topic_labeler port, and the topics stay unlabelled', async () => {
    const status = registry();
    const failing: TopicLabeler = { label: () => Promise.reject(new Error('got status: 500')) };
    const labelled = await new FallbackTopicLabeler(failing, new LocalTopicLabeler(), silent, status).label({
      terms: ['wi-fi'],
      samples: [TEXT],
    });
    expect(labelled).toEqual({ labels: new Map(), provider: 'local' });
    expect(status.status().topic_labeler).toMatchObject({
      failures_since_start: 1,
      last_error: { message: 'got status: 500' },
    });
    expect(status.status().harm_screen.failures_since_start).toBe(0);
  });
});
