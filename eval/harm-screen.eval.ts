import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { screenText } from '../src/ai/local/local-harm-screen';
import type { HarmCategory } from '../src/ai/ai.ports';
import { CATCHING_CATEGORIES, HARM_CASES, type HarmCaseKind } from './sets/harm-cases';
import type { EvaluationSplit } from './sets/split';

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

export interface HarmCaseMetrics {
  kind: HarmCaseKind;
  rows: number;
  /** recall for a harmful kind, false_positive_rate for the benign one. */
  measure: 'recall' | 'false_positive_rate';
  rate: number;
  /** The texts counted against the rate, to read while tuning. */
  misses: string[];
}

/** The project's own harm cases (eval/sets/harm-cases.ts) of one split, per kind. */
export function evaluateHarmCases(split: EvaluationSplit): HarmCaseMetrics[] {
  const kinds = [...new Set(HARM_CASES.map((c) => c.kind))];
  return kinds.map((kind) => {
    const cases = HARM_CASES.filter((c) => c.kind === kind && c.split === split);
    const catching = kind === 'benign with alarming words' ? null : CATCHING_CATEGORIES[kind];
    const misses = cases
      .filter((c) => {
        const verdict = screenText(c.text);
        return catching ? !verdict.categories.some((category) => catching.includes(category)) : verdict.is_harmful;
      })
      .map((c) => c.text);
    const wrong = misses.length / cases.length;
    return catching
      ? { kind, rows: cases.length, measure: 'recall', rate: 1 - wrong, misses }
      : { kind, rows: cases.length, measure: 'false_positive_rate', rate: wrong, misses };
  });
}
