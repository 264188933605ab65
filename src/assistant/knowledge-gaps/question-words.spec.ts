import { questionWords, stem } from './question-words';

describe('the words a question is about', () => {
  it('drops the stop words of the router and sorts what is left, once each', () => {
    expect(questionWords('How do I reset my password? My password expired')).toEqual(['expir', 'password', 'reset']);
  });

  it('meets paraphrases in the same words', () => {
    expect(questionWords('Can taxi rides be expensed?')).toEqual(questionWords('How do I expense a taxi ride?'));
    expect(questionWords('Booking meeting rooms')).toEqual(questionWords('book a meeting room'));
  });

  it("reads a possessive or contracted 's as the word before it", () => {
    expect(questionWords("The VPN's certificate")).toEqual(['certificat', 'vpn']);
    expect(questionWords("it's broken")).toEqual(['broken']);
  });

  it('drops single letters and digits, and has nothing to say about a question of stop words', () => {
    expect(questionWords('Room 3 b')).toEqual(['room']);
    expect(questionWords('How do I do it?')).toEqual([]);
  });
});

describe('the light stemmer', () => {
  it.each([
    ['books', 'book'],
    ['booking', 'book'],
    ['booked', 'book'],
    ['policies', 'policy'],
    ['boxes', 'box'],
    ['passes', 'pass'],
    ['expenses', 'expens'],
    ['expensed', 'expens'],
    ['expense', 'expens'],
    ['meetings', 'meet'],
    ['setting', 'set'],
    ['stopped', 'stop'],
    ['calling', 'call'],
    ['filing', 'fil'],
    ['files', 'fil'],
  ])('sends %s to %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it.each(['access', 'status', 'analysis', 'need', 'string', 'vpn', 'win11', '2fa', 'laptop'])(
    'leaves %s alone',
    (word) => {
      expect(stem(word)).toBe(word);
    },
  );
});
