import { features } from '../../ai/local/text-features';

/**
 * The words a self-serve question is about, normalised so that paraphrases meet: the router's
 * tokenizer and stop words (ai/local/text-features with ROUTING_STOP_WORDS: its `w:` features are
 * exactly the tokens that are not stop words), then a light suffix stemmer, so "Can taxi rides be
 * expensed?" and "How do I expense a taxi ride?" both come out as {expens, rid, taxi}. Sorted and
 * without repeats: the form stored on each unanswered question and compared by the grouping.
 */
export function questionWords(question: string): string[] {
  // "VPN's" is the VPN, and "it's" is the stop word "it": the possessive or contracted 's goes first.
  const text = question.replace(/['’]s\b/giu, '');
  const words = new Set<string>();
  for (const feature of features(text)) {
    if (!feature.startsWith(WORD_FEATURE)) continue;
    const word = stem(feature.slice(WORD_FEATURE.length));
    // A single letter or digit left over ("a", "3") tells questions apart by accident, not by subject.
    if (word.length > 1) words.add(word);
  }
  return [...words].sort();
}

/** How text-features marks a whole word among its features (pairs are `b:`, fragments `c:`). */
const WORD_FEATURE = 'w:';

const VOWEL = /[aeiouy]/;
/** A doubled final consonant that an -ing or -ed doubled ("stopped", "setting"); not l, s or z ("calling", "passed"). */
const DOUBLED_CONSONANT = /([^aeiouylsz])\1$/;

/**
 * A deliberately light English stemmer: plurals as Harman's S-stemmer strips them (ies → y, es → e,
 * s → nothing, but not -us, -ss, -is), then -ing and -ed when a syllable is left, then a final
 * silent e. It only has to send a word's common forms to one stem ("booking", "booked", "books" →
 * "book"; "expense", "expenses", "expensed" → "expens"), not produce dictionary words. Short words
 * and words with digits ("vpn", "win11", "2fa") are names and stay as they are. Porter's full
 * algorithm would merge more ("printer" into "print"), which for short questions costs more
 * false matches than it gains.
 */
export function stem(word: string): string {
  let w = word.replace(/['’]/gu, '');
  if (w.length <= 3 || /\p{N}/u.test(w)) return w;
  if (w.endsWith('ies') && !/[ae]ies$/.test(w)) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('es') && !/[aeo]es$/.test(w)) w = w.slice(0, -1);
  else if (w.endsWith('s') && !/(?:us|ss|is)$/.test(w)) w = w.slice(0, -1);

  const suffix = /(?:ing|ed)$/.exec(w);
  if (suffix) {
    const base = w.slice(0, -suffix[0].length);
    if (base.length >= 3 && VOWEL.test(base)) w = DOUBLED_CONSONANT.test(base) ? base.slice(0, -1) : base;
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}
