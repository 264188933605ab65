import type { EvaluationSplit } from './split';

/**
 * Questions about the starter knowledge base written the way employees write them: everyday words
 * for a policy's terms, a symptom instead of the procedure that fixes it, little wording shared
 * with the article that answers it. `expected` is the title of that article; `null` marks a
 * question the knowledge base cannot answer, where the bot must say it found nothing (several
 * share a word with an article on purpose: "holiday", "office", "print").
 *
 * The `held-back` part is never looked at while tuning retrieval: change the ranking against the
 * `tune` part only, then read the held-back figures as the estimate of how it does on text nobody
 * tuned for.
 */
export interface SelfServeQuestion {
  question: string;
  expected: string | null;
  split: EvaluationSplit;
}

const VPN = 'Connecting to the VPN';
const PASSWORDS = 'Passwords and locked accounts';
const PRINTERS = 'Printers';
const LEAVE = 'Annual leave';
const SICK = 'Sick leave';
const PAY = 'Payroll and payslips';
const OFFICE = 'Office basics';

export const SELF_SERVE_QUESTIONS: readonly SelfServeQuestion[] = [
  { question: "I can't get onto the company network from home", expected: VPN, split: 'tune' },
  { question: 'The remote connection keeps dropping after a minute', expected: VPN, split: 'tune' },
  { question: 'Where do I download the software to work from home securely?', expected: VPN, split: 'tune' },
  { question: "Working from my flat and the secure tunnel won't stay up", expected: VPN, split: 'held-back' },
  { question: 'How do I reach internal sites while travelling?', expected: VPN, split: 'held-back' },

  { question: "I can't remember what I use to log in", expected: PASSWORDS, split: 'tune' },
  { question: "It says too many failed attempts and won't let me in", expected: PASSWORDS, split: 'tune' },
  { question: 'Changed my mobile and the authenticator codes are on the old one', expected: PASSWORDS, split: 'tune' },
  { question: 'How many characters must my new passphrase have?', expected: PASSWORDS, split: 'tune' },
  {
    question: 'Shut out of my computer after typing the wrong thing several times',
    expected: PASSWORDS,
    split: 'held-back',
  },
  { question: 'My two-factor app was on a phone I dropped in the sea', expected: PASSWORDS, split: 'held-back' },

  { question: 'Paper is stuck inside the copier on the third floor', expected: PRINTERS, split: 'tune' },
  { question: 'The machine by the kitchen has run out of ink', expected: PRINTERS, split: 'tune' },
  { question: 'How do I set up printing on my MacBook?', expected: PRINTERS, split: 'tune' },
  { question: "There's crumpled paper caught in the printing machine", expected: PRINTERS, split: 'held-back' },
  { question: 'Where can I pick up a new cartridge?', expected: PRINTERS, split: 'held-back' },

  { question: 'How much time off am I entitled to each year?', expected: LEAVE, split: 'tune' },
  { question: 'I want to take two weeks off in August, how do I book it?', expected: LEAVE, split: 'tune' },
  { question: "What happens to the days off I didn't use this year?", expected: LEAVE, split: 'tune' },
  { question: 'Do part-timers get fewer holidays?', expected: LEAVE, split: 'held-back' },
  { question: 'Who signs off on my time off?', expected: LEAVE, split: 'held-back' },

  { question: "I woke up with a fever and can't come in", expected: SICK, split: 'tune' },
  { question: "Do I need a note from my GP if I'm off for a week?", expected: SICK, split: 'tune' },
  { question: 'Feeling unwell today, what do I have to do?', expected: SICK, split: 'held-back' },
  {
    question: "I've got the flu and will be out until Friday, what paperwork is needed?",
    expected: SICK,
    split: 'held-back',
  },

  { question: 'When does my wage land in my bank account?', expected: PAY, split: 'tune' },
  { question: 'My pay statement shows the wrong overtime', expected: PAY, split: 'tune' },
  { question: 'What day of the month do we get paid?', expected: PAY, split: 'tune' },
  { question: 'My last paycheck was short, who do I talk to?', expected: PAY, split: 'held-back' },
  { question: 'Where can I download my monthly earnings statement?', expected: PAY, split: 'held-back' },

  { question: 'I misplaced my access card', expected: OFFICE, split: 'tune' },
  { question: 'What time does the building close in the evening?', expected: OFFICE, split: 'tune' },
  { question: 'Can I get into the building at 6 in the morning?', expected: OFFICE, split: 'held-back' },
  { question: 'Somebody stole the card I use to open the doors', expected: OFFICE, split: 'held-back' },

  { question: 'How do I book the company helicopter?', expected: null, split: 'tune' },
  { question: 'What is the dress code for the summer party?', expected: null, split: 'tune' },
  { question: 'Can I bring my dog to work?', expected: null, split: 'tune' },
  { question: 'Who won the football match yesterday?', expected: null, split: 'tune' },
  { question: "What's the best pizza place near the office?", expected: null, split: 'tune' },
  { question: 'Can you print me a recipe for banana bread?', expected: null, split: 'tune' },
  { question: 'Recommend a good novel for my holiday flight', expected: null, split: 'held-back' },
  { question: 'What will the weather be like tomorrow?', expected: null, split: 'held-back' },
  { question: 'How do I apply for a mortgage with my bank?', expected: null, split: 'held-back' },
  { question: 'Which planet is closest to the sun?', expected: null, split: 'held-back' },
];
