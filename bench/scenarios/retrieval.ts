import { BENCH_ADMIN, startApp } from '../lib/app';
import { api, load, signIn } from '../lib/load';
import { bulkInsert, connect } from '../lib/seed';
import { atMost, percentile, progress, reported, type BenchRow } from '../lib/report';
import { countingCommands, roundTripRows, roundTripsOfOne } from '../lib/round-trips';
import type { ScenarioContext } from './context';
import { SentenceEmbedder } from '../../src/ai/local/embeddings/sentence-embedder';
import { loadConfig } from '../../src/config/app-config';
import { buildChunkIndex, searchChunks } from '../../src/knowledge/chunk-index';
import type { StoredChunk } from '../../src/knowledge/knowledge.types';

const DOCUMENTS = 1000;
const CHUNKS_PER_DOCUMENT = 10;
const TOPICS = [
  'vpn',
  'printer',
  'payroll',
  'leave',
  'laptop',
  'password',
  'badge',
  'expenses',
  'onboarding',
  'parking',
];
const WORDS =
  'request approve manager portal form policy device account access network office team schedule update ' +
  'install restart reset backup storage meeting travel contract benefit insurance training security ' +
  'license software hardware monitor keyboard wifi email calendar invoice budget deadline remote';
/**
 * Real text spreads over thousands of words, each in a few percent of passages; these 40 common
 * ones plus 1,960 rarer made-up ones give the same shape. (A 40-word vocabulary put every word in
 * every chunk, which no knowledge base does, and made each search score all 10,000 chunks.)
 */
const VOCABULARY = [...WORDS.split(' '), ...Array.from({ length: 1960 }, (_, i) => `term${i.toString(36)}`)];

function text(seed: number, topic: string): string {
  const words: string[] = [];
  for (let i = 0; i < 60; i += 1) words.push(VOCABULARY[(seed * 7919 + i * 104_729) % VOCABULARY.length]!);
  return `For ${topic} questions: ${words.join(' ')}. Contact the ${topic} desk for ${topic} help.`;
}

/** The API's own index and search over the same chunks, 1,000 searches, without HTTP or the database. */
function searchInProcess(
  chunks: StoredChunk[],
  queries: string[],
): { searches: number; p50_ms: number; p99_ms: number } {
  const index = buildChunkIndex(chunks);
  const took: number[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const started = performance.now();
    searchChunks(index, queries[i % queries.length]!, { limit: 5 });
    took.push(performance.now() - started);
  }
  took.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { searches: took.length, p50_ms: round(percentile(took, 50)), p99_ms: round(percentile(took, 99)) };
}

/** The local sentence model on distinct questions, one at a time, as the API runs it (1 thread). */
async function embedInProcess(queries: string[]): Promise<{ questions: number; p50_ms: number; p99_ms: number }> {
  const embedder = await SentenceEmbedder.load(loadConfig(process.env).ai.localEmbeddings.modelDir);
  try {
    const took: number[] = [];
    for (const query of queries.slice(0, 500)) {
      const started = performance.now();
      await embedder.embed([query]);
      took.push(performance.now() - started);
    }
    took.sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return { questions: took.length, p50_ms: round(percentile(took, 50)), p99_ms: round(percentile(took, 99)) };
  } finally {
    await embedder.release();
  }
}

/**
 * Self-serve answers over a 10,000-chunk knowledge base (hybrid in memory, answers written
 * locally), and the same with the sentence model switched off.
 */
export async function retrieval(ctx: ScenarioContext): Promise<BenchRow[]> {
  const dbName = 'bench_retrieval';
  const db = await connect(ctx.uri, dbName);
  const now = new Date();
  progress('retrieval: seeding the knowledge base');
  await bulkInsert(db, 'knowledge_base', DOCUMENTS, (i) => ({
    document_id: `KB-${now.getTime()}-${i.toString(36).toUpperCase().padStart(6, '0')}`,
    title: `${TOPICS[i % TOPICS.length]} guide ${i}`,
    content: 'seeded',
    category: i % 2 ? 'IT' : 'HR',
    tags: [],
    usage_count: 0,
    effectiveness_score: 0,
    chunk_count: CHUNKS_PER_DOCUMENT,
    vectors_pending: false,
    content_revision: 1,
    vector_count: 0,
    created_at: now,
    updated_at: now,
  }));
  const chunks: StoredChunk[] = Array.from({ length: DOCUMENTS * CHUNKS_PER_DOCUMENT }, (_, n) => {
    const i = Math.floor(n / CHUNKS_PER_DOCUMENT);
    const topic = TOPICS[i % TOPICS.length]!;
    return {
      document_id: `KB-${now.getTime()}-${i.toString(36).toUpperCase().padStart(6, '0')}`,
      index: n % CHUNKS_PER_DOCUMENT,
      title: `${topic} guide ${i}`,
      heading: `${topic} section ${n % CHUNKS_PER_DOCUMENT}`,
      text: text(n, topic),
      category: i % 2 ? 'IT' : 'HR',
    };
  });
  await bulkInsert(db, 'knowledge_chunks', chunks.length, (n) => ({ ...chunks[n]! }));
  await db
    .collection('knowledge_revision')
    .updateOne({ _id: 'knowledge' as never }, { $inc: { value: 1 } }, { upsert: true });
  await db.close();

  const env = { MONGODB_URI: ctx.uri, MONGODB_DB_NAME: dbName };
  // 1,200 questions that differ, so each answer runs the model (the embedder caches repeated
  // questions), in the common words only: a made-up `term…` word in a question expands by prefix
  // to all 1,960 of them, which no real question does.
  const bodies = TOPICS.flatMap((topic) =>
    WORDS.split(' ').flatMap((word) => [
      { query: `how do I reset the ${topic} ${word}` },
      { query: `${topic} ${word} policy for remote travel` },
      { query: `who approves ${topic} ${word} requests` },
    ]),
  );
  // 10 clients asking self-serve questions for the load phase.
  const answers = (url: string, token: string) =>
    load({ url, path: '/ai/self-serve-query', method: 'POST', token, bodies, connections: 10, seconds: ctx.seconds });
  const lexicalOnly = await startApp('retrieval-lexical', { ...env, LOCAL_EMBEDDINGS: 'false' });
  let lexicalResult: Awaited<ReturnType<typeof load>>;
  try {
    const token = await signIn(lexicalOnly.url, BENCH_ADMIN.username, BENCH_ADMIN.password);
    await api(lexicalOnly.url, '/ai/self-serve-query', token, { query: 'how do I reset my vpn password' });
    progress('retrieval: POST /ai/self-serve-query with LOCAL_EMBEDDINGS=false');
    lexicalResult = await answers(lexicalOnly.url, token);
  } finally {
    await lexicalOnly.stop();
  }

  // The background embedding outlasts the default 15-minute access token the poll below signs with.
  const app = await startApp('retrieval', { ...env, JWT_ACCESS_TTL: '7200' });
  try {
    const token = await signIn(app.url, BENCH_ADMIN.username, BENCH_ADMIN.password);
    // The first search builds the lexical index from MongoDB at once and starts embedding the
    // 10,000 chunks in the background (a bulk import): time both.
    const started = Date.now();
    await api(app.url, '/ai/self-serve-query', token, { query: 'how do I reset my vpn password' });
    const buildMs = Date.now() - started;
    progress('retrieval: embedding 10,000 chunks in the background');
    const hybridNow = async () =>
      (await api<Array<{ retrieval: string }>>(app.url, '/admin/documents/search?q=vpn', token))[0]?.retrieval ===
      'hybrid';
    while (!(await hybridNow())) await new Promise((resolve) => setTimeout(resolve, 1000));
    const embeddedMs = Date.now() - started;
    // The same searches in this process, without HTTP or the database: the retrieval itself.
    const inProcess = searchInProcess(
      chunks,
      bodies.map((body) => body.query),
    );
    const queryEmbedding = await embedInProcess(bodies.map((body) => body.query));
    const alone = await roundTripsOfOne(app, () => api(app.url, '/ai/self-serve-query', token, bodies[0]));
    progress('retrieval: POST /ai/self-serve-query');
    const { result, commands, byCommand } = await countingCommands([app], () => answers(app.url, token));
    ctx.details['retrieval'] = {
      chunks: chunks.length,
      index_build_ms: buildMs,
      embedded_in_background_ms: embeddedMs,
      in_process: inProcess,
      query_embedding_in_process: queryEmbedding,
      result,
      lexical_only_result: lexicalResult,
      database_commands: byCommand,
      database_commands_alone: alone.byCommand,
    };
    return [
      reported('retrieval', 'index build from MongoDB (10,000 chunks)', buildMs, 'ms'),
      reported('retrieval', 'embedding 10,000 chunks in the background', embeddedMs, 'ms'),
      reported('retrieval', 'self-serve answers (hybrid)', result.requests_per_second, 'req/s'),
      atMost('retrieval', 'self-serve p99 (10 clients, hybrid)', result.p99_ms, 'ms', 25),
      reported('retrieval', 'self-serve answers (LOCAL_EMBEDDINGS=false)', lexicalResult.requests_per_second, 'req/s'),
      reported('retrieval', 'self-serve p99 (10 clients, LOCAL_EMBEDDINGS=false)', lexicalResult.p99_ms, 'ms'),
      reported('retrieval', 'BM25 search alone, in process, p99', inProcess.p99_ms, 'ms'),
      reported('retrieval', 'question embedding alone, in process, p99', queryEmbedding.p99_ms, 'ms'),
      ...roundTripRows('retrieval', 'self-serve answer', 'self-serve answer', alone, {
        commands,
        requests: result.requests,
      }),
      atMost('retrieval', 'failed or non-2xx', result.errors + result.non_2xx, 'requests', 0),
    ];
  } finally {
    await app.stop();
  }
}
