// Markup made from strings, with every text from the data escaped where it
// goes in: a post titled "<script>" stays text on the page.

/** Text for an element's content or an attribute's value. */
export function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** An element: attributes escaped, children already markup. */
export function el(name: string, attributes: Record<string, string | number | undefined>, ...children: string[]): string {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${esc(typeof value === 'number' ? fixed(value) : value!)}"`)
    .join('');
  return `<${name}${attrs}>${children.join('')}</${name}>`;
}

/** A coordinate with at most two decimals, the same on every machine. */
export function fixed(value: number): string {
  return String(Math.round(value * 100) / 100);
}
