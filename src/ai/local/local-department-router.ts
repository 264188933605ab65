import { Injectable } from '@nestjs/common';
import { type DepartmentRouter, type RoutingDecision, type TicketText } from '../ai.ports';
import { ROUTING_CORPUS, type LabelledTicket } from './data/routing-corpus';
import { NaiveBayes } from './naive-bayes';
import { features } from './text-features';
import { DEPARTMENTS, type Department } from '../../domain/department';

/** The title says what the ticket is about more reliably than the story around it. */
const TITLE_WEIGHT = 2;

export function ticketFeatures(text: TicketText): string[] {
  const titleFeatures = features(text.title);
  return [...Array.from({ length: TITLE_WEIGHT }, () => titleFeatures).flat(), ...features(text.description)];
}

export function trainRouter(examples: readonly LabelledTicket[]): NaiveBayes<Department> {
  const model = new NaiveBayes<Department>(DEPARTMENTS);
  for (const example of examples) model.learn(ticketFeatures(example), example.department);
  return model;
}

/** Quotes whole words and word pairs first; character fragments only when nothing else weighed. */
function describeEvidence(evidence: Array<{ feature: string }>): string {
  const words = evidence.filter((e) => !e.feature.startsWith('c:'));
  const chosen = (words.length > 0 ? words : evidence).slice(0, 3);
  return chosen.map((e) => `"${e.feature.slice(2).trim()}"`).join(', ');
}

export function routeWith(model: NaiveBayes<Department>, text: TicketText): RoutingDecision {
  const prediction = model.predict(ticketFeatures(text));
  if (!prediction || prediction.evidence.length === 0) {
    return {
      department: 'IT',
      reason: 'No department vocabulary found; IT triages unclassified tickets',
      provider: 'local',
    };
  }
  const confidence = Math.round(prediction.confidence * 100);
  return {
    department: prediction.label,
    reason: `Strongest evidence for ${prediction.label}: ${describeEvidence(prediction.evidence)} (${confidence}% confident)`,
    provider: 'local',
  };
}

/**
 * Routing by a naive Bayes classifier over word and character n-grams, trained at start from the
 * project's labelled corpus (milliseconds for a few hundred tickets). Always chooses a department.
 */
@Injectable()
export class LocalDepartmentRouter implements DepartmentRouter {
  private readonly model = trainRouter(ROUTING_CORPUS);

  route(text: TicketText): Promise<RoutingDecision> {
    return Promise.resolve(routeWith(this.model, text));
  }
}

/** The production model, for callers outside Nest (the spec, `npm run eval`). */
let shared: NaiveBayes<Department> | undefined;
export function routeText(text: TicketText): RoutingDecision {
  shared ??= trainRouter(ROUTING_CORPUS);
  return routeWith(shared, text);
}
