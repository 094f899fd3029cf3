// A golden case's `cmd` file holds one command line as a person types it.
// Words are split like a POSIX shell does for plain, '…' and "…" words; no
// variables, globs or escapes beyond \" inside double quotes.

export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote !== null) {
      if (char === quote) quote = null;
      else if (quote === '"' && char === '\\' && line[i + 1] === '"') word += line[++i];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== null) throw new Error(`unclosed ${quote} in: ${line}`);
  if (inWord) words.push(word);
  return words;
}
