import { Injectable } from '@nestjs/common';
import type { Department, DepartmentRouter, RoutingDecision, TicketText } from '../ai.ports';

/**
 * The first local router: weighted vocabulary per department, title counted double. Multi-word
 * phrases outweigh single words ("password reset" is IT even inside "payroll portal password reset":
 * a login problem is an access problem, whichever system it is on).
 */

type Vocabulary = ReadonlyArray<readonly [term: string, weight: number]>;

const IT_TERMS: Vocabulary = [
  ['password reset', 3],
  ['reset my password', 3],
  ['locked out', 3],
  ['account locked', 3],
  ['mfa', 3],
  ['2fa', 3],
  ['two-factor', 3],
  ['vpn', 3],
  ['wifi', 3],
  ['wi-fi', 3],
  ['laptop', 3],
  ['desktop', 2],
  ['computer', 2],
  ['pc', 2],
  ['printer', 3],
  ['monitor', 2],
  ['keyboard', 2],
  ['mouse', 2],
  ['headset', 2],
  ['docking station', 3],
  ['screen', 1],
  ['outlook', 3],
  ['email', 2],
  ['e-mail', 2],
  ['mailbox', 3],
  ['teams', 2],
  ['slack', 2],
  ['zoom', 2],
  ['calendar', 1],
  ['software', 2],
  ['install', 2],
  ['installation', 2],
  ['license', 2],
  ['licence', 2],
  ['update', 1],
  ['upgrade', 1],
  ['server', 3],
  ['network', 3],
  ['internet', 2],
  ['connection', 1],
  ['firewall', 3],
  ['database', 3],
  ['backup', 2],
  ['access to', 1],
  ['permission', 1],
  ['repository', 3],
  ['repo', 3],
  ['git', 3],
  ['jira', 2],
  ['sharepoint', 2],
  ['bug', 2],
  ['crash', 3],
  ['crashes', 3],
  ['error', 2],
  ['error code', 3],
  ['exception', 2],
  ['freezes', 2],
  ['slow', 1],
  ['boot', 2],
  ['reboot', 2],
  ['driver', 2],
  ['windows', 2],
  ['macos', 2],
  ['linux', 2],
  ['excel', 2],
  ['phishing', 3],
  ['malware', 3],
  ['virus', 2],
  ['hacked', 3],
  ['security alert', 3],
  ['phone', 1],
  ['sim', 1],
  ['login', 2],
  ['log in', 2],
  ['sign in', 2],
  ['password', 2],
  ['browser', 2],
  ['website', 1],
  ['app', 1],
  ['disk', 2],
];

const HR_TERMS: Vocabulary = [
  ['salary', 3],
  ['payroll', 3],
  ['payslip', 3],
  ['pay slip', 3],
  ['paycheck', 3],
  ['pay', 1],
  ['bonus', 3],
  ['raise', 2],
  ['compensation', 3],
  ['overtime', 2],
  ['leave', 2],
  ['annual leave', 3],
  ['vacation', 3],
  ['holiday', 2],
  ['holidays', 2],
  ['pto', 3],
  ['time off', 3],
  ['sick', 3],
  ['sick leave', 3],
  ['maternity', 3],
  ['paternity', 3],
  ['parental', 3],
  ['benefits', 3],
  ['insurance', 3],
  ['health plan', 3],
  ['pension', 3],
  ['retirement', 3],
  ['harassment', 3],
  ['harassed', 3],
  ['discrimination', 3],
  ['bullying', 3],
  ['complaint', 2],
  ['manager', 1],
  ['colleague', 1],
  ['onboarding', 2],
  ['offboarding', 2],
  ['resignation', 3],
  ['resign', 3],
  ['contract', 2],
  ['promotion', 3],
  ['performance review', 3],
  ['appraisal', 3],
  ['expense', 2],
  ['expenses', 2],
  ['reimbursement', 3],
  ['training budget', 3],
  ['training', 1],
  ['relocation', 3],
  ['visa', 3],
  ['work permit', 3],
  ['hiring', 2],
  ['recruitment', 3],
  ['interview', 2],
  ['job offer', 3],
  ['probation', 3],
  ['working hours', 3],
  ['remote work policy', 3],
  ['policy', 1],
  ['tax form', 3],
  ['tax', 2],
  ['w-2', 3],
  ['p60', 3],
  ['nómina', 3],
  ['gehalt', 3],
  ['urlaub', 3],
  ['salaire', 3],
  ['congé', 3],
];

interface Evidence {
  score: number;
  terms: string[];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whole-word (and plural) matches; each term counts once per field, so repetition cannot buy a department. */
function compile(vocabulary: Vocabulary): Array<{ term: string; weight: number; pattern: RegExp }> {
  return vocabulary.map(([term, weight]) => ({
    term,
    weight,
    pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegex(term)}(?:s|es)?(?![\\p{L}\\p{N}])`, 'iu'),
  }));
}

const COMPILED: Record<Department, ReturnType<typeof compile>> = { IT: compile(IT_TERMS), HR: compile(HR_TERMS) };

function evidenceFor(department: Department, text: TicketText): Evidence {
  const found = new Map<string, number>();
  for (const { term, weight, pattern } of COMPILED[department]) {
    const score = (pattern.test(text.title) ? 2 * weight : 0) + (pattern.test(text.description) ? weight : 0);
    if (score > 0) found.set(term, score);
  }
  const terms = [...found.entries()].sort((a, b) => b[1] - a[1]).map(([term]) => term);
  return { score: [...found.values()].reduce((sum, value) => sum + value, 0), terms };
}

export function routeText(text: TicketText): RoutingDecision {
  const it = evidenceFor('IT', text);
  const hr = evidenceFor('HR', text);
  const quote = (terms: string[]) =>
    terms
      .slice(0, 3)
      .map((term) => `"${term}"`)
      .join(', ');
  if (it.score === 0 && hr.score === 0) {
    return {
      department: 'IT',
      reason: 'No department vocabulary found; IT triages unclassified tickets',
      provider: 'local',
    };
  }
  if (hr.score > it.score) {
    return {
      department: 'HR',
      reason: `Matched HR terms: ${quote(hr.terms)} (score ${hr.score} vs IT ${it.score})`,
      provider: 'local',
    };
  }
  const tie = hr.score === it.score ? '; a tie goes to IT' : '';
  return {
    department: 'IT',
    reason: `Matched IT terms: ${quote(it.terms)} (score ${it.score} vs HR ${hr.score})${tie}`,
    provider: 'local',
  };
}

@Injectable()
export class LocalDepartmentRouter implements DepartmentRouter {
  route(text: TicketText): Promise<RoutingDecision> {
    return Promise.resolve(routeText(text));
  }
}
