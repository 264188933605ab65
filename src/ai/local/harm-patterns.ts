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
  // A persona made to outlive the reply, or one defined by having no limits.
  /\bstay\s+in\s+character\b/i,
  /\bfrom\s+now\s+on,?\s+you\s+(are|will|act|must|shall|respond|answer)\b/i,
  /\byou\s+are\s+(now\s+)?(dan|\w+gpt|\w+bot)\b[^.!?]{0,60}\b(no|without)\s+(rules|filters?|restrictions|limits|guidelines)\b/i,
  /\b(answers?|tells?|does|say)\s+(anything|everything)[^.!?]{0,40}\b(forbid|forbidden|not\s+allowed|banned|restricted)\b/i,
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

/**
 * Framings that try to step outside the rules without saying so: a role to speak in, a
 * hypothetical or fiction, a translation, a purpose that excuses anything. Each is ordinary on
 * its own ("Hypothetically, if I moved to part-time…", "translate our leave policy"); only
 * around a request for harm (below) is it evidence.
 */
const FRAMING_PATTERNS: readonly RegExp[] = [
  ...PERSONA_PATTERNS,
  /\bpretend\s+(to\s+be|you\s+are|you're|that\s+you)\b/i,
  /\blet'?s\s+play\s+a\s+game\b|\bbedtime\s+story\b/i,
  /\b(act|speak|speaking|answer|respond)\s+as\s+(my|an?|the|him|her)\b/i,
  /\byou\s+are\s+(my|the|a)\s+([\w-]+\s+){0,2}(villain|character|hacker|criminal|twin|grandmother|grandma|persona)\b/i,
  /\b((with|has|have|had)\s+no|without\s+(any\s+)?)\s*((ethics|ethical|moral|safety)\s+)?(rules|filters?|restrictions|limits|limitations|guidelines|ethics|morals)\b/i,
  /\bhypothetical(ly)?\b|\bthought\s+experiment\b|\bimagine\s+(a|an)\s+(world|scenario|universe|society)\b/i,
  /\b(in\s+a\s+)?(fictional|imaginary)\s+(world|scenario|story|setting|universe)\b|\bfor\s+(a|my)\s+(story|novel|book|screenplay|film|game)\b|\b(it\s+is|it's)\s+for\s+a\s+(story|novel|book)\b/i,
  /\b(rules|laws|ethics)\s+(do\s+not|don't)\s+apply\b/i,
  /\bfor\s+(educational|research|academic|informational)\s+purposes\b/i,
  /\b(translate|render|rewrite|convert)\b[^.!?]{0,50}\b(into|in|to)\s+(english|french|german|spanish|italian|portuguese|dutch|polish|russian|chinese|japanese|arabic|another\s+language)\b/i,
];

/**
 * Requests for what no helpdesk hands out: weapons, hard drugs, poisoning, malware, phishing,
 * defeating security controls, taking data or access unseen. Several are ordinary ticket words
 * alone ("turn off the firewall", "copy the payroll data", "admin rights"); together with a
 * framing they are the request the framing hides.
 */
const HARMFUL_REQUEST_PATTERNS: readonly RegExp[] = [
  /\b(pipe\s+bombs?|bombs?|explosives?|napalm|grenades?|detonators?|nerve\s+agents?|ricin|sarin|molotov)\b/i,
  /\bpoison(ing)?\s+(a|my|the|his|her|their|someone|somebody|people|\w+ers?)\b/i,
  /\b(meth|methamphetamine|cocaine|heroin|fentanyl)\b/i,
  /\b(malware|ransomware|keyloggers?|spyware|trojans?|botnets?|rootkits?)\b/i,
  /\bphish(ing)?\s+(the|our|a|an|my|his|her|their|people|users|employees|staff|colleagues)\b|\bphishing\s+(emails?|pages?|sites?|campaigns?|messages?)\b/i,
  /\bwithout\s+(them|him|her|anyone|anybody|being|getting|it\s+being)\s+(knowing|noticing|noticed|caught|detected|traced|seen|found)\b/i,
  /\b(disable|disables|disabling|switch(es)?\s+off|turn(s)?\s+off|bypass|get\s+past|defeat|evade|break\s+into|hack(\s+into)?)\s+(\w+\s+){0,4}(security\s+cameras?|cameras|cctv|antivirus|anti-virus|badge\s+readers?|alarms?|firewall|audit\s+logs?|locks?)\b/i,
  /\b(steal|copy|exfiltrate|dump|leak)\s+(\w+\s+){0,3}(data|passwords?|credentials|salaries|records|information|identit\w+|money)\b/i,
  /\b(admin(istrator)?|root)\s+(rights|access|privileges)\b/i,
  /\b(read|access|open|get\s+into)\s+(\w+\s+){0,2}(mailbox|inbox|email|account)\b/i,
  /\b(fraudulent|counterfeit|forged)\s+\w+|\blaunder(ing)?\s+(money|funds|cash)\b/i,
  /\b(disinformation|misinformation|propaganda|defamatory)\b/i,
  /\bexploit\s+(them|it|the\s+vulnerabilit\w+|vulnerabilit\w+)\b/i,
];

/**
 * A jailbreak that never says "ignore your instructions", quoted: a role framing with a cover
 * (PAIR-style persuasion), or any framing around a request for harm. Either half alone is not
 * evidence.
 */
export function persuasionEvidence(text: string): string | null {
  const persona = firstMatch(PERSONA_PATTERNS, text);
  const cover = persona && firstMatch(COVER_PATTERNS, text);
  if (persona && cover) return `role-play framing "${persona}" with "${cover}"`;
  const framing = firstMatch(FRAMING_PATTERNS, text);
  const request = framing && firstMatch(HARMFUL_REQUEST_PATTERNS, text);
  return framing && request ? `framing "${framing}" around a request for "${request}"` : null;
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
  // Threats of harm to a person, however the sentence is built.
  /\b(break|smash|punch|bash|kick|slap)\s+(your|his|her|their)\s+(face|head|teeth|legs?|arms?|skull|nose|neck)\b/i,
  /\bi\s+know\s+where\s+(you|he|she|they)\s+(lives?|sleeps?)\b/i,
  /\b(you|he|she|they)('ll|\s+will)\s+(regret|pay\s+for)\s+(it|this|that|the\s+day|\w+ing)\b/i,
  /\b(someone|somebody|people|you|he|she|they)\s+([\w-]+\s+){0,3}?(is\s+|are\s+)?(going\s+to|gonna|will)\s+get\s+(hurt|killed|shot|stabbed)\b/i,
  /\bbring(ing)?\s+(a|my)\s+(gun|knife|weapon|rifle|pistol|bomb)\s+(to|into|in)\b/i,
  /\bnever\s+(walk|get|make\s+it)\s+out\s+of\s+[^.!?]{0,30}\s+(again|alive)\b|\bwon't\s+(leave|get\s+out)\s+[^.!?]{0,20}alive\b/i,
  // Hate speech: a group of people generalised into something less than people, or pushed out.
  /\b(immigrants|migrants|refugees|foreigners|women|men|females|muslims|jews|christians|hindus|blacks|whites|asians|arabs|africans|mexicans|gays|lesbians|trans\s+people|disabled\s+people|(people|those)\s+of\s+(that|this|their)\s+(race|religion|colou?r))\s+(are|r)\s+(all\s+|just\s+|nothing\s+but\s+)?(too\s+stupid|vermin|animals|subhuman|parasites|terrorists|criminals|thieves|rapists|inferior|savages|monkeys|pigs|rats|cockroaches|filth|scum|a\s+disease|a\s+plague|stupid|lazy|worthless)\b/i,
  /\b(immigrants|migrants|refugees|foreigners|muslims|jews|blacks|gays|their\s+kind)\s+(do\s+not|don't)\s+belong\b/i,
];

/** Sexual content the lexicon does not cover ("xxx" is left out: in messages it is usually kisses). */
export const EXPLICIT_PATTERNS: readonly RegExp[] = [
  /\b(handjob|nudes|sexting|camgirl)\b/i,
  /\b(send|show)\s+(me\s+)?(your\s+)?(nudes|naked\s+(pics|photos|pictures))\b/i,
  /\b(have|want)\s+sex\s+with\b/i,
  /\bnude\s+(photos?|pics?|pictures|images|selfies)\b|\bnaked\s+(bodies|body|women|men|girls|boys|pics|photos|pictures)\b/i,
  /\berotic\b|\btalk\s+dirty\b/i,
  /\bwhat\s+i('d|\s+would)\s+do\s+to\s+(her|him|your|you)\b[^.!?]{0,30}\b(body|bed|naked)\b/i,
];
