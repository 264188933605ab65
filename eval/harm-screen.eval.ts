import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { screenText } from '../src/ai/local/local-harm-screen';
import type { HarmCategory } from '../src/ai/ai.ports';

/**
 * Measures the local harm screen on the public data in ../shared/eval (never trained on):
 * recall per harmful label, and the false-positive rate on the harmless rows.
 */
interface Row {
  label: string;
  text: string;
}

const SHARED_EVAL = join(__dirname, '..', '..', 'shared', 'eval');

function readTsv(file: string): Row[] {
  const [header, ...lines] = readFileSync(join(SHARED_EVAL, file), 'utf8').split('\n').filter(Boolean);
  const columns = header!.split('\t');
  const labelAt = columns.indexOf('label');
  const textAt = columns.indexOf('text');
  return lines.map((line) => {
    const cells = line.split('\t');
    return { label: cells[labelAt] ?? '', text: cells.slice(textAt).join('\t') };
  });
}

/** Which verdict categories count as catching each label of the data. */
const EXPECTED: Record<string, HarmCategory[]> = {
  spam: ['spam'],
  abusive: ['abusive', 'explicit'],
  jailbreak: ['jailbreak'],
};

export interface ScreenMetrics {
  file: string;
  label: string;
  rows: number;
  /**
   * recall: share of a harmful label caught with the expected category; false_positive_rate: share
   * of a harmless label flagged at all; precision: of the rows flagged in a file that has both,
   * the share that were the harmful label.
   */
  rate: number;
  kind: 'recall' | 'false_positive_rate' | 'precision';
}

export function evaluateHarmScreen(): ScreenMetrics[] | null {
  if (!existsSync(SHARED_EVAL)) return null;
  const metrics: ScreenMetrics[] = [];
  for (const file of ['sms_spam.tsv', 'tweets_abusive.tsv', 'prompt_injections.tsv', 'jailbreakbench_pair.tsv']) {
    const rows = readTsv(file);
    const byLabel = new Map<string, Row[]>();
    for (const row of rows) byLabel.set(row.label, [...(byLabel.get(row.label) ?? []), row]);
    const hitsByLabel = new Map<string, number>();
    for (const [label, labelled] of byLabel) {
      const expected = EXPECTED[label];
      const hits = labelled.filter((row) => {
        const verdict = screenText(row.text);
        return expected ? verdict.categories.some((c) => expected.includes(c)) : verdict.is_harmful;
      }).length;
      hitsByLabel.set(label, hits);
      metrics.push({
        file,
        label,
        rows: labelled.length,
        rate: hits / labelled.length,
        kind: expected ? 'recall' : 'false_positive_rate',
      });
    }
    const falseAlarms = [...hitsByLabel].filter(([label]) => !EXPECTED[label]).map(([, hits]) => hits);
    if (falseAlarms.length === 0) continue;
    for (const [label, hits] of hitsByLabel) {
      if (!EXPECTED[label]) continue;
      const flagged = hits + falseAlarms.reduce((sum, n) => sum + n, 0);
      metrics.push({ file, label, rows: rows.length, rate: flagged === 0 ? 0 : hits / flagged, kind: 'precision' });
    }
  }
  return metrics;
}

/** The project's own tickets (the routing corpus) are all ordinary: the share the screen flags. */
export function falsePositivesOnCorpus(texts: Array<{ title: string; description: string }>): number {
  const flagged = texts.filter((ticket) => screenText(`${ticket.title}\n${ticket.description}`).is_harmful);
  return flagged.length / texts.length;
}
