import { Injectable } from '@nestjs/common';
import type { HarmCategory, HarmScreen, ScreeningVerdict, TicketText } from '../ai.ports';
import { gibberishEvidence } from './gibberish-statistics';
import { lexiconEvidence } from './harm-lexicon';
import { ABUSIVE_PATTERNS, EXPLICIT_PATTERNS, JAILBREAK_PATTERNS, persuasionEvidence } from './harm-patterns';
import { deobfuscate, firstMatch } from './harm-text';
import { spamEvidence } from './spam-signals';

/**
 * The local harm screen: high-precision patterns per category, the `obscenity` lexicon (which
 * undoes leetspeak and stretched letters) for slurs, insults and sexual terms, SMS-style promotion
 * signals for spam, and character statistics for gibberish. A held ticket waits for an admin, so a
 * false positive costs a real employee real time: every rule here prefers missing an attack to
 * flagging "kill the hung process". This file combines the evidence into a verdict; the rules live
 * in harm-patterns, harm-lexicon, spam-signals and gibberish-statistics.
 */

@Injectable()
export class LocalHarmScreen implements HarmScreen {
  screen(text: TicketText): Promise<ScreeningVerdict> {
    return Promise.resolve(screenText(`${text.title}\n${text.description}`));
  }
}

export function screenText(raw: string): ScreeningVerdict {
  const clean = deobfuscate(raw);
  const lexical = lexiconEvidence(raw, clean);
  const evidence: Array<[HarmCategory, string | null]> = [
    ['jailbreak', firstMatch(JAILBREAK_PATTERNS, raw) ?? persuasionEvidence(raw)],
    ['abusive', firstMatch(ABUSIVE_PATTERNS, raw) ?? firstMatch(ABUSIVE_PATTERNS, clean) ?? lexical.abusive],
    ['explicit', firstMatch(EXPLICIT_PATTERNS, raw) ?? firstMatch(EXPLICIT_PATTERNS, clean) ?? lexical.explicit],
    ['spam', spamEvidence(raw)],
    ['gibberish', gibberishEvidence(raw)],
  ];
  const found = evidence.filter((entry): entry is [HarmCategory, string] => entry[1] !== null);
  if (found.length === 0)
    return { is_harmful: false, categories: [], reason: 'No harmful content found', provider: 'local' };
  return {
    is_harmful: true,
    categories: found.map(([category]) => category),
    reason: found.map(([category, detail]) => `${category}: ${detail}`).join('; '),
    provider: 'local',
  };
}
