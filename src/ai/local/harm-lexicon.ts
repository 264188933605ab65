import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';

/**
 * The `obscenity` lexicon (MIT; undoes leetspeak and stretched letters, avoids the Scunthorpe
 * problem) and how its words are read: slurs and insults always count, plain profanity only when
 * aimed at someone or piled up, ambiguous sexual words only together, HR words never.
 */

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
export function lexiconEvidence(raw: string, clean: string): { abusive: string | null; explicit: string | null } {
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
