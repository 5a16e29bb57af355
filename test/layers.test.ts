import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The layers, read from the imports: the domain imports nothing from io, report, cli or pipeline, and no package but decimal.js. */
const SRC = path.resolve(import.meta.dirname, '../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map((m) => m[1]!);
}

describe('layers', () => {
  it('the domain imports only the domain and decimal.js', () => {
    const outside: string[] = [];
    for (const file of sources(path.join(SRC, 'domain'))) {
      for (const spec of imports(file)) {
        const inside = spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(SRC, 'domain') + path.sep);
        if (!inside && spec !== 'decimal.js') outside.push(`${path.relative(SRC, file)} → ${spec}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
