// Counted words for the chat ("1 member", "3 members"), so no screen says "1 members".
const rules = new Intl.PluralRules('en');

/** "1 member", "2 members"; `plural` when the word is irregular. */
export function count(n, word, plural = `${word}s`) {
  return `${n} ${rules.select(n) === 'one' ? word : plural}`;
}
