import { modelFilesPresent } from '../src/ai/local/embeddings/model-files';
import { SentenceEmbedder } from '../src/ai/local/embeddings/sentence-embedder';
import { loadConfig } from '../src/config/app-config';
import { splitCorpus } from '../src/ai/local/data/routing-corpus';
import { routeWith, trainRouter } from '../src/ai/local/local-department-router';
import { evaluateHarmCases, evaluateHarmScreen, falsePositivesOnCorpus } from './harm-screen.eval';
import {
  askStarterKnowledgeLocally,
  evaluateRetrieval,
  WRITTEN_FOR_STARTER,
  type RetrievalMetrics,
} from './retrieval.eval';
import { SELF_SERVE_QUESTIONS } from './sets/self-serve-questions';
import { EVALUATION_SPLITS, type EvaluationSplit } from './sets/split';

/** `npm run eval`: the measured quality of the local AI on held-out and public data. */
function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

const screen = evaluateHarmScreen();
if (!screen) {
  process.stdout.write('harm screen: ../shared/eval not found, skipped\n');
} else {
  process.stdout.write('harm screen on ../shared/eval (public data, never trained on)\n');
  process.stdout.write('  file                       label      rows   measure               value\n');
  for (const m of screen) {
    process.stdout.write(
      `  ${m.file.padEnd(26)} ${m.label.padEnd(10)} ${String(m.rows).padStart(5)}   ${m.kind.padEnd(20)} ${percent(m.rate).padStart(6)}\n`,
    );
  }
}

const { train, heldOut } = splitCorpus();
process.stdout.write(
  `harm screen on the project's own ${train.length + heldOut.length} ordinary tickets: ` +
    `false-positive rate ${percent(falsePositivesOnCorpus([...train, ...heldOut]))}\n`,
);
const router = trainRouter(train);
const correct = heldOut.filter((example) => routeWith(router, example).department === example.department).length;
process.stdout.write(
  `routing on the held-out fifth of the project's corpus (${train.length} trained, ${heldOut.length} held out): ` +
    `accuracy ${percent(correct / heldOut.length)}\n`,
);

// Misses are listed for the tune part only: the held-back part is read as figures, never fitted to.
function listMisses(split: EvaluationSplit, misses: readonly string[]): void {
  if (split === 'tune') for (const miss of misses) process.stdout.write(`      missed: ${miss}\n`);
}

process.stdout.write("harm screen on the project's own cases (eval/sets/harm-cases.ts)\n");
for (const split of EVALUATION_SPLITS) {
  const measured = evaluateHarmCases(split);
  const harmful = measured.filter((m) => m.measure === 'recall');
  const caught = harmful.reduce((sum, m) => sum + m.rows * m.rate, 0);
  const rows = harmful.reduce((sum, m) => sum + m.rows, 0);
  process.stdout.write(`  ${split}: recall ${percent(caught / rows)} over ${rows} harmful cases\n`);
  for (const m of measured) {
    process.stdout.write(
      `    ${m.kind.padEnd(28)} ${String(m.rows).padStart(3)}   ${m.measure.padEnd(20)} ${percent(m.rate).padStart(6)}\n`,
    );
    listMisses(split, m.misses);
  }
}

function retrievalLine(label: string, metrics: RetrievalMetrics): string {
  return (
    `  ${label}: precision@1 ${percent(metrics.precisionAt1)}, recall@3 ${percent(metrics.recallAt3)} over ${metrics.answerable} answerable questions; ` +
    `abstained on ${percent(metrics.abstentionRate)} of ${metrics.unanswerable} unanswerable ones\n`
  );
}

async function reportRetrievalWith(label: string, embedder: SentenceEmbedder | undefined): Promise<void> {
  const ask = await askStarterKnowledgeLocally(embedder);
  process.stdout.write(`self-serve answers on the starter knowledge base, ${label}\n`);
  process.stdout.write(retrievalLine('questions written for it', await evaluateRetrieval(ask, WRITTEN_FOR_STARTER)));
  for (const split of EVALUATION_SPLITS) {
    const metrics = await evaluateRetrieval(
      ask,
      SELF_SERVE_QUESTIONS.filter((q) => q.split === split),
    );
    process.stdout.write(retrievalLine(`employees' own words, ${split}`, metrics));
    listMisses(
      split,
      metrics.misses.map(
        (m) => `${m.question} (expected ${m.expected ?? 'nothing'}, cited ${m.cited.join(', ') || 'nothing'})`,
      ),
    );
  }
}

/** Both ways the app can answer: lexical alone (LOCAL_EMBEDDINGS=false or no model) and hybrid. */
async function reportRetrieval(): Promise<void> {
  await reportRetrievalWith('lexical index alone', undefined);
  const modelDir = loadConfig(process.env).ai.localEmbeddings.modelDir;
  if (!modelFilesPresent(modelDir)) {
    process.stdout.write(`hybrid retrieval: no model in ${modelDir} (npm run model:install), skipped\n`);
    return;
  }
  const embedder = await SentenceEmbedder.load(modelDir);
  await reportRetrievalWith(`hybrid (${embedder.model})`, embedder);
  await embedder.release();
}

void reportRetrieval();
