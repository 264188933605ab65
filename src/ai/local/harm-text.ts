/**
 * Text helpers every harm rule shares: undoing the disguises that hide a word from a pattern, and
 * turning a pattern's match into the short quotation a verdict's reason carries.
 */

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

/** The first of the patterns that matches, quoted (whitespace collapsed, at most 80 characters), or null. */
export function firstMatch(patterns: readonly RegExp[], text: string): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[0].trim().replace(/\s+/g, ' ').slice(0, 80);
  }
  return null;
}
