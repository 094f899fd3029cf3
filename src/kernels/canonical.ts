// Event names are looked up in sets and maps on every row (the names a run
// selects, a funnel's step numbers). A row's name is made once per distinct
// name (CellLabels), and the keys once from the options: equal texts, but
// different strings, which a lookup compares character by character each time
// (StringEqual; with the hash lookups, 4% of a funnel's samples). The names
// the options give are made canonical here, one string object a text on this
// thread; a row's name is then that string when an option named it, found by
// identity. A file's own names are never kept here: a column taken for the
// event by mistake can hold millions, and a process reading many files (the
// library) would keep them all.

const kept = new Map<string, string>();

/** The one string of this text (the first made canonical): for the names options give. */
export function canonical(text: string): string {
  const found = kept.get(text);
  if (found !== undefined) return found;
  kept.set(text, text);
  return text;
}

/** A row's name as the string an option gave for the same text, else the text itself; nothing is kept. */
export function asNamed(text: string): string {
  return kept.get(text) ?? text;
}
