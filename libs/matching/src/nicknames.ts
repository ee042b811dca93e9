/**
 * A small table of English diminutives, so "Bob Smith" and "Robert Smith" compare as the same given name.
 * Deliberately short: a long table makes unrelated people agree (e.g. "Al" maps to several names).
 */
const GROUPS: readonly (readonly string[])[] = [
  ['robert', 'bob', 'bobby', 'rob', 'robbie', 'bert'],
  ['william', 'bill', 'billy', 'will', 'willy', 'liam'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'elisabeth', 'libby'],
  ['margaret', 'maggie', 'meg', 'peggy', 'marge', 'margo'],
  ['richard', 'rick', 'ricky', 'dick', 'rich'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['john', 'jack', 'johnny', 'jon'],
  ['jonathan', 'jon', 'jonny'],
  ['michael', 'mike', 'mick', 'mikey'],
  ['thomas', 'tom', 'tommy'],
  ['joseph', 'joe', 'joey'],
  ['charles', 'charlie', 'chuck', 'chas'],
  ['christopher', 'chris', 'kit'],
  ['daniel', 'dan', 'danny'],
  ['david', 'dave', 'davy'],
  ['edward', 'ed', 'eddie', 'ted', 'ned'],
  ['anthony', 'tony'],
  ['andrew', 'andy', 'drew'],
  ['alexander', 'alex', 'sasha', 'xander'],
  ['alexandra', 'alex', 'sandra', 'sasha', 'lexi'],
  ['benjamin', 'ben', 'benny'],
  ['nicholas', 'nick', 'nicky'],
  ['matthew', 'matt'],
  ['patrick', 'pat', 'paddy'],
  ['patricia', 'pat', 'patty', 'trish'],
  ['steven', 'steve', 'stephen'],
  ['samuel', 'sam', 'sammy'],
  ['samantha', 'sam', 'sammy'],
  ['katherine', 'kate', 'katie', 'kathy', 'catherine', 'cathy', 'kat', 'kit'],
  ['jennifer', 'jen', 'jenny'],
  ['rebecca', 'becky', 'becca'],
  ['susan', 'sue', 'susie'],
  ['deborah', 'debbie', 'deb'],
  ['victoria', 'vicky', 'tori'],
  ['jessica', 'jess', 'jessie'],
  ['gregory', 'greg'],
  ['timothy', 'tim', 'timmy'],
  ['joshua', 'josh'],
  ['zachary', 'zach', 'zack'],
  ['kenneth', 'ken', 'kenny'],
  ['ronald', 'ron', 'ronnie'],
  ['donald', 'don', 'donny'],
  ['lawrence', 'larry'],
  ['frederick', 'fred', 'freddie'],
  ['henry', 'harry', 'hank'],
  ['peter', 'pete'],
  ['isabella', 'bella', 'izzy', 'isabel', 'isabelle'],
  ['abigail', 'abby'],
  ['dorothy', 'dot', 'dottie'],
  ['josephine', 'jo', 'josie'],
  ['christina', 'chris', 'tina', 'christine'],
];

const index = new Map<string, Set<number>>();
GROUPS.forEach((group, i) => {
  for (const name of group) {
    const set = index.get(name) ?? new Set<number>();
    set.add(i);
    index.set(name, set);
  }
});

/** True when both (normalised, lower-case) given names are the same person's name forms. */
export function isNicknamePair(a: string, b: string): boolean {
  if (a === b) return true;
  const ga = index.get(a);
  const gb = index.get(b);
  if (!ga || !gb) return false;
  for (const g of ga) if (gb.has(g)) return true;
  return false;
}

/**
 * A representative form used for blocking: the first group's formal name ("bob" → "robert").
 * Names in no group are returned unchanged.
 */
export function formalName(name: string): string {
  const groups = index.get(name);
  if (!groups) return name;
  const first = Math.min(...groups);
  return GROUPS[first]?.[0] ?? name;
}
