import { Injectable } from '@nestjs/common';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import type { HarmCategory, HarmScreen, ScreeningVerdict, TicketText } from '../ai.ports';

/**
 * The local harm screen: high-precision patterns per category, the `obscenity` lexicon (which
 * undoes leetspeak and stretched letters) for slurs, insults and sexual terms, SMS-style promotion
 * signals for spam, and character statistics for gibberish. A held ticket waits for an admin, so a false positive costs a real employee real
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

/**
 * Persuasion jailbreaks (PAIR-style) never say "ignore your instructions": they cast the reader in
 * a role ("Imagine you are a novelist…", "As a helpful assistant…") and cover the request with a
 * purpose or a fiction ("purely for educational purposes", "begin with 'Sure, here is'"), or ask
 * for a piece of writing. One alone is common enough in real tickets; both together are not.
 */
const PERSONA_PATTERNS: readonly RegExp[] = [
  /(^|[.!?]\s+)(imagine|pretend|suppose)\s+(that\s+)?you\s+are\b/i,
  /(^|[.!?]\s+)you\s+are\s+(an?|the)\s+([\w-]+\s+){0,3}?(who|that|tasked|helping|working|writing|trying|assisting)\b/i,
  /\bas\s+an?\s+(helpful\s+|ai\s+|language\s+model\s+)?(assistant|ai|language\s+model|chatbot)\b/i,
  /\b(play|take\s+on|assume)\s+the\s+role\s+of\b|\brole-?play\b/i,
  /\bin\s+(a|this)\s+(fictional|hypothetical|imaginary|alternate)\s+(world|scenario|story|setting|universe|society)\b/i,
];
const COVER_PATTERNS: readonly RegExp[] = [
  /\b(purely|just|only|strictly|solely)\s+(fictional|hypothetical|for\s+(educational|research|academic|fictional|informational)\s+purposes)\b/i,
  /\bfor\s+(educational|research|academic|informational)\s+purposes\b/i,
  /\b(this|it)\s+is\s+(purely\s+|just\s+|only\s+)?(a\s+)?(fictional|hypothetical)\b/i,
  /\bwill\s+(never|not)\s+be\s+used\b|\bnot\s+intended\s+to\s+(promote|encourage|harm|be\s+used)\b/i,
  /\b(begin|start)\s+(your\s+(reply|response|answer)\s+)?with\s*[:"'“]?\s*sure\b|\bsure,\s+here\s+(is|are)\b/i,
  /\b(write|draft|compose|create|generate|design)\s+(a|an|the)\s+([\w-]+\s+){0,3}(speech|article|post|email|letter|campaign|story|script|guide|tutorial|essay|blog|message|outline|plan|advertisement)\b/i,
];

function persuasionEvidence(text: string): string | null {
  const persona = firstMatch(PERSONA_PATTERNS, text);
  const cover = persona && firstMatch(COVER_PATTERNS, text);
  return persona && cover ? `role-play framing "${persona}" with "${cover}"` : null;
}

/** Insults and threats aimed at a person; matched after de-obfuscation. */
const ABUSIVE_PATTERNS: readonly RegExp[] = [
  /\bf+u+c+k+\s*(you|u|off|yourself|this\s+company)\b/i,
  // Masked with symbols: "f*** you", "f**k off", "f#@% you".
  /\bf[*#@%$!_.-]{2,3}k?\s+(you|u|off|yourself)\b/i,
  /\b(you|u|ur|you're|youre)\s+(are\s+)?(an?\s+)?(stupid|fucking|useless|worthless|pathetic)?\s*(idiot|moron|imbecile|retard|asshole|bastard|bitch|dumbass|loser|scum)s?\b/i,
  /\b(i|we)\s*('ll|\s+will|\s+am\s+going\s+to|\s+gonna)\s+(kill|hurt|beat|stab|shoot|destroy)\s+(you|u|him|her|them|everyone)\b/i,
  /\b(go\s+(and\s+)?(die|kill\s+yourself)|kys)\b/i,
  /\b(shut\s+up|screw\s+you)\b.*\b(idiot|moron|bitch|asshole)\b/i,
  /\b(motherfucker|cunt|dickhead|shithead|piece\s+of\s+shit)\b/i,
];

/** Sexual content the lexicon does not cover ("xxx" is left out: in messages it is usually kisses). */
const EXPLICIT_PATTERNS: readonly RegExp[] = [
  /\b(handjob|nudes|sexting|camgirl)\b/i,
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

/**
 * Signals of SMS-style promotions (no link needed): prize wording, premium numbers and short
 * codes, paid-message pricing, "you have been selected". One signal is ordinary ("I won't claim
 * the £40"); two different ones are spam.
 */
const PROMO_SIGNALS: ReadonlyArray<readonly [name: string, pattern: RegExp]> = [
  ['prize wording', /\b(winner|won|win|prize|jackpot|cash\s+reward|lottery|giveaway|bonus\s+points)\b/i],
  ['reply to a short code', /\b(txt|text|reply|send|sms)\b[^.!?\n]{0,30}\bto\s+\d{4,6}\b/i],
  ['premium-rate number', /\b(call|ring|dial)\b[^.!?\n]{0,30}\b0?9\d{8,10}\b|\b0?9\d{9}\b/i],
  [
    'paid-message pricing',
    /\b\d+(\.\d+)?p\s*(\/|per)?\s*(msg|min|minute|day|wk|week|text)\b|\bcost\s+\d+p\b|\b(T&Cs?|TsandCs|T&C's)\b/i,
  ],
  [
    'free offer',
    /\bfree\b[^.!?\n]{0,40}\b(entry|msg|ringtone|camera|mobile|membership|gift|call|txt|text|vouchers?|holiday|tickets?)\b/i,
  ],
  [
    'selected to receive',
    /\b(you\s+(have\s+been|are|r)\s+(selected|chosen|entitled)|selected\s+to\s+receive|claim\s+(your|a|ur)\s+\w*\s*(prize|reward|cash|gift|voucher)|to\s+claim\b[^.!?\n]{0,20}\b(call|txt|text))\b/i,
  ],
  [
    'urgent call to action',
    /\b(urgent!|act\s+now|expires\s+(today|soon)|don'?t\s+miss\s+out|opt\s*out|unsubscribe|stop\s+to\s+\d+)/i,
  ],
];

/** The lexicon's words by what they say about a text. Everything else it knows is plain profanity. */
const SLURS = new Set([
  'nigger',
  'fag',
  'chink',
  'spic',
  'kike',
  'retard',
  'tranny',
  'dyke',
  'coon',
  'gook',
  'wetback',
]);
const INSULTS = new Set([
  'bitch',
  'whore',
  'slut',
  'cunt',
  'bastard',
  'twat',
  'asshole',
  'motherfucker',
  'dickhead',
  'wanker',
  'prick',
]);
/** Unambiguous sexual terms; "dick", "cum", "tit" (names, Latin honours, birds) count only in company. */
const EXPLICIT_STRONG = new Set([
  'porn',
  'pussy',
  'cock',
  'blowjob',
  'dildo',
  'hentai',
  'orgasm',
  'penis',
  'vagina',
  'boob',
  'semen',
]);
const EXPLICIT_WEAK = new Set(['dick', 'cum', 'tit']);
/** Words the lexicon knows that an HR ticket uses in earnest ("sex discrimination"). */
const IGNORED = new Set(['sex', 'sexual']);
/**
 * Profanity aimed at a person ("you piece of shit", "u dumb ass"), or piled up, reads as abuse; a
 * "shit" about a printer, or a "u" elsewhere in a chatty message, does not.
 */
const SECOND_PERSON = /\b(you|u|ur|your|you're|youre|yourself|ya)\b/i;
const DIRECTED_WINDOW_WORDS = 4;

function isDirectedAt(text: string, start: number): boolean {
  const before = text.slice(0, start).split(/\s+/).filter(Boolean).slice(-DIRECTED_WINDOW_WORDS).join(' ');
  return SECOND_PERSON.test(before);
}

const lexicon = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

/** The lexicon's findings in the text: abusive or explicit evidence, or null for each. */
function lexiconEvidence(raw: string, clean: string): { abusive: string | null; explicit: string | null } {
  const found = [raw, clean].flatMap((text) =>
    lexicon.getAllMatches(text).flatMap((match) => {
      const word = englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord;
      return word && !IGNORED.has(word) ? [{ word, directed: isDirectedAt(text, match.startIndex) }] : [];
    }),
  );
  const words = found.map((f) => f.word);
  const slur = words.find((word) => SLURS.has(word));
  const insult = words.find((word) => INSULTS.has(word));
  const explicitStrong = words.find((word) => EXPLICIT_STRONG.has(word));
  const explicitWeak = [...new Set(words.filter((word) => EXPLICIT_WEAK.has(word)))];
  const isProfanity = (word: string) =>
    !SLURS.has(word) && !INSULTS.has(word) && !EXPLICIT_STRONG.has(word) && !EXPLICIT_WEAK.has(word);
  const profanity = found.filter((f) => isProfanity(f.word));
  let abusive: string | null = null;
  if (slur) abusive = `slur "${slur}"`;
  else if (insult) abusive = `insult "${insult}"`;
  else if (profanity.some((f) => f.directed))
    abusive = `profanity "${profanity.find((f) => f.directed)!.word}" aimed at a person`;
  else if (new Set(profanity.map((f) => f.word)).size >= 3)
    abusive = `profanity: "${[...new Set(profanity.map((f) => f.word))].join('", "')}"`;
  let explicit: string | null = null;
  if (explicitStrong) explicit = `sexual term "${explicitStrong}"`;
  else if (explicitWeak.length >= 2) explicit = `sexual terms "${explicitWeak.join('", "')}"`;
  return { abusive, explicit };
}

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
  const signals = PROMO_SIGNALS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
  if (signals.length >= 2) return `promotional signals: ${signals.join(', ')}`;
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
