// The bytes JSON's structure is written in, for the readers that walk NDJSON
// without decoding it (ndjson-keys.ts, ndjson-bytes.ts): all ASCII, so a
// byte of a multi-byte UTF-8 character is never one of them.

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const NEWLINE = 0x0a;

/** JSON's whitespace: space, tab, CR, LF. */
export const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === NEWLINE;
