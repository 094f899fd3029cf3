// Event names are looked up in sets and maps on every row (the names a run
// selects, a funnel's step numbers). A row's name is made once per distinct
// name (CellLabels), and the keys once from the options: equal texts, but
// different strings, which a lookup compares character by character each time
// (StringEqual; with the hash lookups, 4% of a funnel's samples). Each text
// made canonical here is one string object on this thread, found by identity.

const kept = new Map<string, string>();

/** The one string of this text (the first made canonical). */
export function canonical(text: string): string {
  const found = kept.get(text);
  if (found !== undefined) return found;
  kept.set(text, text);
  return text;
}
