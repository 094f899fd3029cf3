// Compiles the WebAssembly text of src/io/wasm/*.wat into a TypeScript
// module beside each (its bytes in base64), so that the sources, the tests
// and both bundles load it without a file of their own to find. Run it after
// changing a .wat (npm run wasm); a test compiles each again and fails when
// the module is not what its text makes. wabt is a development dependency
// only: nothing compiles WebAssembly at run time.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

export const WASM_DIR = fileURLToPath(new URL('../src/io/wasm/', import.meta.url));

/** The binary module the text at `path` makes. */
export async function compiledWat(path) {
  const tools = await wabt();
  const parsed = tools.parseWat(path, readFileSync(path, 'utf8'), { simd: true });
  try {
    parsed.validate();
    return Buffer.from(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}

/** The TypeScript module that carries a compiled module's bytes. */
export function moduleText(name, bytes) {
  const constant = `${name.replace(/-/g, '_').toUpperCase()}_WASM`;
  return `// Made by scripts/wasm.mjs from ${name}.wat (npm run wasm): not edited by hand.\nexport const ${constant} = '${bytes.toString('base64')}';\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of readdirSync(WASM_DIR).filter((f) => f.endsWith('.wat'))) {
    const name = file.slice(0, -'.wat'.length);
    writeFileSync(`${WASM_DIR}${name}-module.ts`, moduleText(name, await compiledWat(`${WASM_DIR}${file}`)));
  }
}
