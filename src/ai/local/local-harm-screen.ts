import { Injectable } from '@nestjs/common';
import type { HarmCategory, HarmScreen, ScreeningVerdict, TicketText } from '../ai.ports';

/**
 * The first local harm screen: high-precision patterns per category plus character statistics
 * for gibberish. A held ticket waits for an admin, so a false positive costs a real employee real
 * time: every rule here prefers missing an attack to flagging "kill the hung process".
 */

/** Instruction override, role-play escapes, system-prompt extraction, fake role delimiters. */
const JAILBREAK_PATTERNS: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass)\s+(all\s+|any\s+|the\s+|your\s+|my\s+)*(previous|prior|above|earlier|preceding|original|system)\s+(instructions?|prompts?|rules|directions|guidelines|messages?)/i,
  /\b(disregard|ignore|forget|bypass)\s+(all\s+|any\s+)?(your|the)\s+(rules|guidelines|instructions|restrictions|safety|filters?|policies)\b/i,
  /\bforget\s+everything\s+(you\s+(were|have\s+been)\s+told|above|before)/i,
  /\byou\s+are\s+now\s+(dan|an?\s+(unrestricted|uncensored|unfiltered|jailbroken))/i,
  /\b(act|behave|respond)\s+as\s+(an?\s+)?(unrestricted|uncensored|unfiltered|jailbroken|evil)\s+(ai|assistant|model|chatbot)/i,
  /\bdo\s+anything\s+now\b/i,
  /\b(developer|god|jailbreak|dan)\s+mode\s+(enabled|on|activated)|\benable\s+(developer|god|jailbreak)\s+mode\b/i,
  /\bpretend\s+(that\s+)?you\s+(have|had)\s+no\s+(restrictions|rules|limits|guidelines|filters)/i,
  /\b(reveal|print|show|output|repeat|leak|display|tell\s+me)\s+(me\s+)?(your|the)\s+(full\s+|entire\s+|hidden\s+)?(system\s+prompt|initial\s+instructions|hidden\s+instructions|original\s+prompt)/i,
  /(^|\n)\s*#{2,}\s*(system|assistant)\s*:/i,
  /<\|\s*(im_start|im_end|system|endoftext)\s*\|>/i,
  /\[\/?INST\]|<<\/?SYS>>|<\/s>\s*\S/i,
];

/** Insults and threats aimed at a person; matched after de-obfuscation. */
const ABUSIVE_PATTERNS: readonly RegExp[] = [
  /\bf+u+c+k+\s*(you|u|off|yourself|this\s+company)\b/i,
  /\b(you|u|ur|you're|youre)\s+(are\s+)?(an?\s+)?(stupid|fucking|useless|worthless|pathetic)?\s*(idiot|moron|imbecile|retard|asshole|bastard|bitch|dumbass|loser|scum)s?\b/i,
  /\b(i|we)\s*('ll|\s+will|\s+am\s+going\s+to|\s+gonna)\s+(kill|hurt|beat|stab|shoot|destroy)\s+(you|u|him|her|them|everyone)\b/i,
  /\b(go\s+(and\s+)?(die|kill\s+yourself)|kys)\b/i,
  /\b(shut\s+up|screw\s+you)\b.*\b(idiot|moron|bitch|asshole)\b/i,
  /\b(motherfucker|cunt|dickhead|shithead|piece\s+of\s+shit)\b/i,
];

const EXPLICIT_PATTERNS: readonly RegExp[] = [
  /\b(porn|porno|pornography|xxx|blowjob|handjob|nudes|sexting|orgasm|dildo|hentai|camgirl)\b/i,
  /\b(send|show)\s+(me\s+)?(your\s+)?(nudes|naked\s+(pics|photos|pictures))\b/i,
  /\b(have|want)\s+sex\s+with\b/i,
];

const PROMO_PATTERNS: readonly RegExp[] = [
  /\b(buy|order|shop)\s+now\b/i,
  /\blimited[-\s]+(time\s+)?offer\b/i,
  /\bclick\s+(here|the\s+link|below)\b/i,
  /\b(free\s+(money|gift|iphone|bitcoin|crypto)|earn\s+\$?\d+|make\s+money\s+fast|work\s+from\s+home\s+and\s+earn)\b/i,
  /\b(you\s+(are|have\s+been)\s+(selected|chosen)|congratulations,?\s+you\s+(won|are\s+a\s+winner)|winner)\b/i,
  /\b(crypto|bitcoin|nft)\s+(giveaway|airdrop|investment\s+opportunity)\b/i,
  /\b(100%\s+free|risk[-\s]free|act\s+now|discount\s+code|promo\s+code|unsubscribe)\b/i,
];

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;

const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};

/** Undoes the usual disguises: leetspeak, separators inside words (f.u.c.k), letters repeated for effect. */
export function deobfuscate(text: string): string {
  return text
    .toLowerCase()
    .replace(/[013457@$!]/g, (ch) => LEET[ch] ?? ch)
    .replace(/\b(?:[a-z][.\-_*\s]){2,}[a-z]\b/g, (spaced) => spaced.replace(/[.\-_*\s]/g, ''))
    .replace(/([a-z])\1{2,}/g, '$1$1');
}

function firstMatch(patterns: readonly RegExp[], text: string): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[0].trim().replace(/\s+/g, ' ').slice(0, 80);
  }
  return null;
}

/** Spam: links with promotional wording, several links, or one word or line hammered many times. */
function spamEvidence(text: string): string | null {
  const urls = text.match(URL_PATTERN) ?? [];
  const promo = firstMatch(PROMO_PATTERNS, text);
  if (urls.length >= 1 && promo) return `link with promotional wording "${promo}"`;
  if (urls.length >= 3) return `${urls.length} links`;
  const words = text.toLowerCase().match(/\p{L}{3,}/gu) ?? [];
  if (words.length >= 12) {
    const counts = new Map<string, number>();
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    const [top, topCount] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (topCount >= 8 && topCount / words.length >= 0.4) return `the word "${top}" repeated ${topCount} times`;
  }
  const lines = text
    .split(/\n+/)
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line.length > 0);
  if (lines.length >= 5 && new Set(lines).size <= lines.length / 3) return 'the same lines repeated';
  return null;
}

const VOWELS = /[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ]/i;

/**
 * Gibberish from character statistics, not a vocabulary: in any Latin-script language nearly
 * every word has a vowel and no word runs six consonants. Short tickets are never judged.
 */
function gibberishEvidence(text: string): string | null {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 25) return null;
  const tokens = (text.match(/\p{L}+/gu) ?? []).filter((token) => token.length >= 4);
  if (tokens.length < 3) {
    const distinct = new Set(letters.toLowerCase()).size;
    return letters.length >= 40 && distinct <= 4 ? `only ${distinct} distinct letters in ${letters.length}` : null;
  }
  const latinTokens = tokens.filter((token) => /^[a-zà-ÿ]+$/i.test(token));
  if (latinTokens.length < tokens.length * 0.8) return null; // other scripts: no opinion
  const vowelless = latinTokens.filter((token) => !VOWELS.test(token) && token.length >= 5).length;
  const longRuns = latinTokens.filter((token) => /[bcdfghjklmnpqrstvwxz]{6,}/i.test(token)).length;
  const vowelRatio = (letters.match(new RegExp(VOWELS.source, 'gi')) ?? []).length / letters.length;
  const oddShare = (vowelless + longRuns) / latinTokens.length;
  if (oddShare >= 0.5 || (vowelRatio < 0.15 && latinTokens.length >= 3)) {
    return `${Math.round(oddShare * 100)}% of words unpronounceable, vowel ratio ${vowelRatio.toFixed(2)}`;
  }
  const distinct = new Set(letters.toLowerCase()).size;
  if (letters.length >= 40 && distinct <= 5) return `only ${distinct} distinct letters in ${letters.length}`;
  return null;
}

@Injectable()
export class LocalHarmScreen implements HarmScreen {
  screen(text: TicketText): Promise<ScreeningVerdict> {
    return Promise.resolve(screenText(`${text.title}\n${text.description}`));
  }
}

export function screenText(raw: string): ScreeningVerdict {
  const clean = deobfuscate(raw);
  const evidence: Array<[HarmCategory, string | null]> = [
    ['jailbreak', firstMatch(JAILBREAK_PATTERNS, raw)],
    ['abusive', firstMatch(ABUSIVE_PATTERNS, raw) ?? firstMatch(ABUSIVE_PATTERNS, clean)],
    ['explicit', firstMatch(EXPLICIT_PATTERNS, raw) ?? firstMatch(EXPLICIT_PATTERNS, clean)],
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
