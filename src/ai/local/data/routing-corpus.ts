import { HR_EXAMPLES } from './routing-corpus.hr';
import { IT_EXAMPLES } from './routing-corpus.it';
import type { Department } from '../../../domain/department';

export interface LabelledTicket {
  department: Department;
  title: string;
  description: string;
}

/** The project's own labelled tickets (written for it, not copied), IT and HR interleaved. */
export const ROUTING_CORPUS: readonly LabelledTicket[] = [
  ...IT_EXAMPLES.map(([title, description]) => ({ department: 'IT' as const, title, description })),
  ...HR_EXAMPLES.map(([title, description]) => ({ department: 'HR' as const, title, description })),
];

/** A fixed split: every fifth example of each department is held out from training, for evaluation. */
export function splitCorpus(): { train: LabelledTicket[]; heldOut: LabelledTicket[] } {
  const train: LabelledTicket[] = [];
  const heldOut: LabelledTicket[] = [];
  for (const examples of [IT_EXAMPLES, HR_EXAMPLES]) {
    const department: Department = examples === IT_EXAMPLES ? 'IT' : 'HR';
    examples.forEach(([title, description], index) =>
      (index % 5 === 4 ? heldOut : train).push({ department, title, description }),
    );
  }
  return { train, heldOut };
}
