import { firstMatch } from './harm-text';

/**
 * Spam evidence: links with promotional wording, SMS-style promotion signals (two different ones
 * needed), and one word or line hammered many times.
 */

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;

/** Wording that, next to a link, makes the link an advertisement. */
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

/** Spam: links with promotional wording, several links, or one word or line hammered many times. */
export function spamEvidence(text: string): string | null {
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
