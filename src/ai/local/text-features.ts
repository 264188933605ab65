import { ROUTING_STOP_WORDS } from './stop-words';

/**
 * Features for the routing classifier: words, word pairs, and character 3-5-grams inside words.
 * Character n-grams carry typos ("pasword"), inflections and other languages ("Gehalt"/"Gehalts").
 * Words are marked `w:`, pairs `b:`, fragments `c:`, so the reason can quote whole words.
 */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
}

export function features(text: string): string[] {
  const words = tokenize(text);
  const out: string[] = [];
  words.forEach((word, i) => {
    if (!ROUTING_STOP_WORDS.has(word)) out.push(`w:${word}`);
    const next = words[i + 1];
    if (next && !(ROUTING_STOP_WORDS.has(word) && ROUTING_STOP_WORDS.has(next))) out.push(`b:${word} ${next}`);
    if (word.length >= 3 && !ROUTING_STOP_WORDS.has(word)) {
      const padded = ` ${word} `;
      for (let n = 3; n <= 5; n += 1) {
        for (let start = 0; start + n <= padded.length; start += 1) out.push(`c:${padded.slice(start, start + n)}`);
      }
    }
  });
  return out;
}
