import { loadConfig } from '../../../config/app-config';
import { SentenceEmbedder, similarity } from './sentence-embedder';
import { WorkerEmbedder } from './worker-embedder';

const modelDir = loadConfig({}).ai.localEmbeddings.modelDir;
const LONG = 'Full-time employees get 25 vacation days per calendar year, requested through the HR portal. '.repeat(8);

describe('WorkerEmbedder', () => {
  let worker: WorkerEmbedder;
  let inThread: SentenceEmbedder;
  beforeAll(async () => {
    [worker, inThread] = await Promise.all([WorkerEmbedder.start(modelDir), SentenceEmbedder.load(modelDir)]);
  });
  afterAll(async () => {
    await worker.release();
    await inThread.release();
  });

  it('gives the vectors the model gives on this thread, in order, across jobs', async () => {
    const texts = Array.from({ length: 9 }, (_, i) => `question number ${i} about the VPN`);
    const [fromWorker, here] = await Promise.all([worker.embed(texts), inThread.embed(texts)]);
    expect(fromWorker).toHaveLength(9);
    fromWorker.forEach((vector, i) => expect(similarity(vector, here[i]!)).toBeCloseTo(1, 5));
    expect(worker.model).toBe(inThread.model);
  });

  it('leaves this thread free while the model runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    const started = performance.now();
    await worker.embed(Array.from({ length: 24 }, () => LONG));
    const tookMs = performance.now() - started;
    clearInterval(timer);
    // On this thread the run would hold the event loop, and the timer would barely tick.
    expect(ticks).toBeGreaterThan(tookMs / 5 / 4);
  });

  it('refuses to start on a folder without the model, saying why', async () => {
    await expect(WorkerEmbedder.start('/nonexistent/model')).rejects.toThrow(/nonexistent/);
  });

  it('rejects work after it was released, and tells no one it exited', async () => {
    const exits: string[] = [];
    const released = await WorkerEmbedder.start(modelDir, () => exits.push('exited'));
    await released.release();
    await expect(released.embed(['anything'])).rejects.toThrow('released');
    expect(exits).toEqual([]);
  });
});
