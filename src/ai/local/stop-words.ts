/**
 * The words each text reader ignores, in one place. They share a core of English function words
 * and differ beyond it by purpose: a word that carries no subject for trending topics ("today",
 * "thanks") can still help the router, and retrieval keeps "please" while routing drops it. Each
 * final set is exactly what its reader was tuned and measured with (`npm run eval`, the specs), so
 * adding or removing a word here changes routing, retrieval, topics or local answers.
 */

/** Words written as one space-separated line: the lists are long and read better as prose. */
function words(line: string): readonly string[] {
  return line.split(' ');
}

function union(...groups: ReadonlyArray<readonly string[]>): ReadonlySet<string> {
  return new Set(groups.flat());
}

/** In every list: articles, conjunctions, question words, auxiliaries and the reader's "you". */
const COMMON_FUNCTION_WORDS = words(
  'the and for from with that this there what when how who can do does are should would you your',
);

/** The function words the router, retrieval and topics all drop: the common ones and the short ones. */
const FUNCTION_WORDS = [
  ...COMMON_FUNCTION_WORDS,
  ...words('a an or to of in on at is it be am was which i me my we our'),
];

/**
 * Routing (the `w:` features and the pairs of text-features): a ticket's courtesy and negation
 * ("please", "need", "not") say nothing about IT or HR.
 */
export const ROUTING_STOP_WORDS = union(FUNCTION_WORDS, words('any get got like need no not please since'));

/**
 * Retrieval (the BM25 index of chunk-index): words too common to tell passages apart. Left in,
 * "what" or "the" made an unanswerable question score like an answerable one; out, scores reflect
 * the words that carry meaning.
 */
export const RETRIEVAL_STOP_WORDS = union(
  FUNCTION_WORDS,
  words('as but by if so its their them then these they where why will been has have had could may must up out'),
);

/**
 * Trending topics: words that carry no subject, in a phrase or alone, including the greetings,
 * time words and contractions written without an apostrophe ("dont", "can t") that tickets are
 * full of.
 */
export const TOPIC_STOP_WORDS = union(
  FUNCTION_WORDS,
  words(
    'as but by if so its their them then where why will been has have having could may might must shall up out ' +
      'get got need needs help just no not please still too us any some all also again t cannot cant dont don ' +
      'doesn isn won anyone since today yesterday now every day days morning week after before one able im ok ' +
      'okay hi hello hey thanks thank dear regards very really even into onto over under about via than here ' +
      'were being did let lets know want wants tried try trying keep keeps told said tell see seems someone ' +
      'anything something everything nothing thing things way doesnt isnt wont didnt wasnt arent couldnt ' +
      'wouldnt ive',
  ),
);

/**
 * The answer composer's filler: words of a question that are not its subject, so that a passage
 * matching only them is no answer and a local answer does not quote a sentence for them. It leaves
 * out the short function words on purpose: it also picks the sentences a local answer quotes, and
 * that choice was tuned with "a", "in" and "it" counting as overlap.
 */
export const ANSWER_FILLER_WORDS = union(
  COMMON_FUNCTION_WORDS,
  words('where why have get many much them they about will'),
);
