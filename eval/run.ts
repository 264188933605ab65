import { splitCorpus } from '../src/ai/local/data/routing-corpus';
import { routeWith, trainRouter } from '../src/ai/local/local-department-router';
import { evaluateHarmScreen, falsePositivesOnCorpus } from './harm-screen.eval';
import { askStarterKnowledgeLocally, evaluateRetrieval } from './retrieval.eval';

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

void evaluateRetrieval(askStarterKnowledgeLocally()).then((retrieval) =>
  process.stdout.write(
    `self-serve answers on the starter knowledge base: precision@1 ${percent(retrieval.precisionAt1)} over ${retrieval.answerable} answerable questions; ` +
      `abstained on ${percent(retrieval.abstentionRate)} of ${retrieval.unanswerable} unanswerable ones\n`,
  ),
);
