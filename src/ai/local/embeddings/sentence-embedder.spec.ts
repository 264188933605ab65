import { loadConfig } from '../../../config/app-config';
import { EMBEDDING_DIMENSIONS, MODEL_TAG } from './model-files';
import { SentenceEmbedder, similarity } from './sentence-embedder';

// The real model, as `npm run model:install` builds it (npm test installs it first).
describe('SentenceEmbedder', () => {
  let embedder: SentenceEmbedder;
  beforeAll(async () => {
    embedder = await SentenceEmbedder.load(loadConfig({}).ai.localEmbeddings.modelDir);
  });
  afterAll(() => embedder.release());

  it('names its model by the file it loaded', () => {
    expect(embedder.model).toBe(MODEL_TAG);
  });

  it('gives one normalised vector per text, in order', async () => {
    const texts = ['I forgot my password', 'The printer has a paper jam', 'x'];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toHaveLength(EMBEDDING_DIMENSIONS);
      expect(similarity(vector, vector)).toBeCloseTo(1, 5);
    }
  });

  it('puts a paraphrase nearer than an unrelated text (values of sentence-transformers for this model)', async () => {
    const [question, paraphrase, unrelated] = await embedder.embed([
      'How do I reset my password?',
      'I forgot my login credentials',
      'The cafeteria menu for Friday',
    ]);
    expect(similarity(question!, paraphrase!)).toBeCloseTo(0.6776, 3);
    expect(similarity(question!, unrelated!)).toBeCloseTo(0.0202, 3);
  });

  it('embeds a text the same alone as in a padded batch of longer ones', async () => {
    const [alone] = await embedder.embed(['VPN']);
    const batch = await embedder.embed(['a much longer sentence about connecting to the office network', 'VPN']);
    expect(similarity(alone!, batch[1]!)).toBeCloseTo(1, 5);
  });

  it('reads at most 256 tokens, so text past them changes nothing', async () => {
    const opening = Array.from({ length: 300 }, (_, i) => `word${i % 50}`).join(' ');
    const [cut, longer] = await embedder.embed([opening, `${opening} and then something else entirely`]);
    expect(similarity(cut!, longer!)).toBeCloseTo(1, 5);
  });

  it('embeds an empty text without failing', async () => {
    const [empty] = await embedder.embed(['']);
    expect(empty).toHaveLength(EMBEDDING_DIMENSIONS);
  });
});
