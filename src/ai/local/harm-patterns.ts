import { firstMatch } from './harm-text';

/**
 * The pattern rules for jailbreaks, abuse and explicit content: regular expressions written for
 * precision, each matching wording that an ordinary IT or HR ticket does not use.
 */

/** Instruction override, role-play escapes, system-prompt extraction, fake role delimiters. */
export const JAILBREAK_PATTERNS: readonly RegExp[] = [
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

/** A role framing together with a cover, quoted; either alone is not evidence. */
export function persuasionEvidence(text: string): string | null {
  const persona = firstMatch(PERSONA_PATTERNS, text);
  const cover = persona && firstMatch(COVER_PATTERNS, text);
  return persona && cover ? `role-play framing "${persona}" with "${cover}"` : null;
}

/** Insults and threats aimed at a person; matched after de-obfuscation. */
export const ABUSIVE_PATTERNS: readonly RegExp[] = [
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
export const EXPLICIT_PATTERNS: readonly RegExp[] = [
  /\b(handjob|nudes|sexting|camgirl)\b/i,
  /\b(send|show)\s+(me\s+)?(your\s+)?(nudes|naked\s+(pics|photos|pictures))\b/i,
  /\b(have|want)\s+sex\s+with\b/i,
];
