import type { HarmCategory } from '../ai/ai.ports';
import type { MisuseFinding, MisuseType, SeverityLevel } from './misuse.types';
import type { ScreenedTicket } from '../tickets/ticket.types';

/**
 * The misuse detector: pure and deterministic, so a report can always be reproduced from the
 * tickets it names. Near-duplicates are found by text similarity (cosine over character
 * trigrams, which survives reworded, re-punctuated and re-cased copies); the other kinds reuse
 * the harm screen's verdict stored on each ticket at intake.
 */

/** Trigram cosine at or above this is "the same ticket again" (measured in the spec's examples). */
export const NEAR_DUPLICATE_SIMILARITY = 0.6;
/** A handful of copies is a pattern; two can be an honest follow-up. */
export const MIN_DUPLICATES = 3;
/** Pairwise comparison is quadratic: a user's newest tickets beyond this are not compared. */
const MAX_COMPARED = 300;
const MAX_SAMPLES = 5;
const SAMPLE_CHARS = 200;

type Vector = Map<string, number>;

function trigrams(text: string): Vector {
  const normalised = ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
  const vector: Vector = new Map();
  for (let i = 0; i + 3 <= normalised.length; i += 1) {
    const gram = normalised.slice(i, i + 3);
    vector.set(gram, (vector.get(gram) ?? 0) + 1);
  }
  return vector;
}

function norm(vector: Vector): number {
  let sum = 0;
  for (const value of vector.values()) sum += value * value;
  return Math.sqrt(sum);
}

function cosine(a: Vector, b: Vector, normA: number, normB: number): number {
  if (normA === 0 || normB === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [gram, value] of small) dot += value * (large.get(gram) ?? 0);
  return dot / (normA * normB);
}

export function textSimilarity(a: string, b: string): number {
  const va = trigrams(a);
  const vb = trigrams(b);
  return cosine(va, vb, norm(va), norm(vb));
}

const ticketText = (ticket: ScreenedTicket) => `${ticket.title} ${ticket.description}`;

/** Groups of near-duplicate tickets (linked pairwise), largest first, with their mean similarity. */
export function nearDuplicateGroups(
  tickets: ScreenedTicket[],
): Array<{ tickets: ScreenedTicket[]; similarity: number }> {
  const compared = [...tickets].sort((a, b) => b.created_at.getTime() - a.created_at.getTime()).slice(0, MAX_COMPARED);
  const vectors = compared.map((ticket) => trigrams(ticketText(ticket)));
  const norms = vectors.map(norm);
  const parent = compared.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const links: Array<[number, number, number]> = [];
  for (let i = 0; i < compared.length; i += 1)
    for (let j = i + 1; j < compared.length; j += 1) {
      const similarity = cosine(vectors[i]!, vectors[j]!, norms[i]!, norms[j]!);
      if (similarity >= NEAR_DUPLICATE_SIMILARITY) {
        links.push([i, j, similarity]);
        parent[root(i)] = root(j);
      }
    }
  const groups = new Map<number, { members: number[]; total: number; pairs: number }>();
  compared.forEach((_, i) => {
    const group = groups.get(root(i)) ?? { members: [], total: 0, pairs: 0 };
    group.members.push(i);
    groups.set(root(i), group);
  });
  for (const [i, , similarity] of links) {
    const group = groups.get(root(i))!;
    group.total += similarity;
    group.pairs += 1;
  }
  return [...groups.values()]
    .filter((group) => group.members.length > 1)
    .map((group) => ({
      tickets: group.members.map((i) => compared[i]!).sort((a, b) => a.created_at.getTime() - b.created_at.getTime()),
      similarity: Math.round((group.total / group.pairs) * 100) / 100,
    }))
    .sort((a, b) => b.tickets.length - a.tickets.length);
}

function severityFor(type: MisuseType, count: number): SeverityLevel {
  switch (type) {
    case 'duplicate_tickets':
      return count >= 6 ? 'high' : count >= 4 ? 'medium' : 'low';
    case 'spam_content':
      return count >= 4 ? 'high' : count >= 2 ? 'medium' : 'low';
    // Abuse and jailbreaks target people or the system: one is already worth a look.
    case 'abusive_language':
      return count >= 3 ? 'high' : 'medium';
    case 'jailbreak_attempt':
      return count >= 2 ? 'high' : 'medium';
  }
}

const sample = (ticket: ScreenedTicket) => `${ticket.title}: ${ticket.description}`.slice(0, SAMPLE_CHARS);

function finding(
  type: MisuseType,
  tickets: ScreenedTicket[],
  confidence: number,
  analysis: string,
  reasoning: string,
): MisuseFinding {
  return {
    misuse_type: type,
    severity_level: severityFor(type, tickets.length),
    evidence_data: {
      ticket_ids: tickets.map((ticket) => ticket.ticket_id),
      content_samples: tickets.slice(0, MAX_SAMPLES).map(sample),
      pattern_analysis: analysis,
    },
    detection_confidence: Math.round(Math.min(0.99, confidence) * 100) / 100,
    model_reasoning: reasoning,
  };
}

const VERDICT_KINDS: Array<{ type: MisuseType; categories: HarmCategory[]; what: string }> = [
  { type: 'spam_content', categories: ['spam', 'gibberish'], what: 'spam or gibberish' },
  { type: 'abusive_language', categories: ['abusive', 'explicit'], what: 'abusive or explicit language' },
  {
    type: 'jailbreak_attempt',
    categories: ['jailbreak'],
    what: 'attempts to manipulate the AI (jailbreak or prompt injection)',
  },
];

/** Every pattern in one user's tickets of the window; nothing for a user who used the helpdesk well. */
export function detectMisuse(given: ScreenedTicket[], windowHours: number): MisuseFinding[] {
  // Evidence lists tickets oldest first whatever order the database returned them in, so that a
  // report reads as a timeline and a rerun over the same tickets writes the same evidence.
  const tickets = [...given].sort(
    (a, b) => a.created_at.getTime() - b.created_at.getTime() || a.ticket_id.localeCompare(b.ticket_id),
  );
  const findings: MisuseFinding[] = [];
  const window = windowHours === 24 ? '24 hours' : `${windowHours / 24} days`;

  const [largest] = nearDuplicateGroups(tickets);
  if (largest && largest.tickets.length >= MIN_DUPLICATES) {
    const count = largest.tickets.length;
    findings.push(
      finding(
        'duplicate_tickets',
        largest.tickets,
        0.5 + largest.similarity / 2,
        `${count} near-identical tickets in ${window}, like "${largest.tickets[0]!.title}" (mean similarity ${largest.similarity}).`,
        `Character-trigram cosine similarity linked ${count} tickets at ${NEAR_DUPLICATE_SIMILARITY} or more (mean ${largest.similarity}); ${MIN_DUPLICATES} or more copies in one window count as a pattern.`,
      ),
    );
  }

  for (const kind of VERDICT_KINDS) {
    const matching = tickets.filter((ticket) =>
      ticket.categories.some((category) => kind.categories.includes(category)),
    );
    if (matching.length === 0) continue;
    findings.push(
      finding(
        kind.type,
        matching,
        0.7 + 0.1 * matching.length,
        `${matching.length} of ${tickets.length} tickets in ${window} were flagged at intake for ${kind.what}.`,
        `The harm screen flagged ${matching.length} ticket(s) as ${kind.categories.join(' or ')} when they were filed; more flagged tickets raise the confidence and the severity.`,
      ),
    );
  }
  return findings;
}
