/** Vowels of Latin-script languages, accented ones included. */
const VOWELS = /[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ]/i;

/**
 * Gibberish from character statistics, not a vocabulary: in any Latin-script language nearly
 * every word has a vowel and no word runs six consonants. Short tickets are never judged.
 */
export function gibberishEvidence(text: string): string | null {
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
