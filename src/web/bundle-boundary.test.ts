import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The browser bundle may take types from anywhere, but values only from files that do not reach
 * the server. One value import of a module's index pulls in the database driver and argon2, and
 * the web build then fails (it did once, and only the browser stage of CI noticed). This walks
 * the value-import graph from the web entry and names the path to any server-only package.
 */

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const entry = resolve(projectRoot, 'src/web/main.tsx');

// Packages that exist only on the server (or need Node built-ins).
const serverOnly = [
  /^node:/,
  /^(fs|path|os|crypto|net|http|https|stream|zlib|child_process|worker_threads)$/,
  /^pg(-boss)?$/,
  /^@electric-sql\/pglite/,
  /^@node-rs\//,
  /^fastify/,
  /^@fastify\//,
  /^kysely/,
  /^nodemailer/,
  /^mjml/,
  /^exceljs/,
  /^commander/,
  /^csv-parse/,
];

/** Specifiers a file imports as values (type-only imports and exports are left out). */
export function valueImports(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const onlyTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      !node.isTypeOnly
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveRelative(fromFile: string, specifier: string): string | null {
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) {
    if (existsSync(candidate) && /\.(ts|tsx)$/.test(candidate)) return candidate;
  }
  return null; // css, json, svg: not code that could reach the server
}

/** Every path from the entry to a server-only package, as a readable chain of files. */
function serverReachingChains(): string[] {
  const parentOf = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  const chains: string[] = [];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const specifier of valueImports(file, readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier);
        if (target !== null && !parentOf.has(target)) {
          parentOf.set(target, file);
          queue.push(target);
        }
      } else if (serverOnly.some((pattern) => pattern.test(specifier))) {
        const chain = [specifier];
        for (let at: string | null = file; at !== null; at = parentOf.get(at) ?? null) {
          chain.unshift(relative(projectRoot, at));
        }
        chains.push(chain.join(' -> '));
      }
    }
  }
  return chains;
}

describe('web bundle boundary', () => {
  it('tells value imports from type-only ones', () => {
    const text = [
      "import type { A } from './a.ts';",
      "import { type B, type C } from './b.ts';",
      "import { type D, e } from './d.ts';",
      "import f from './f.ts';",
      "export * from './g.ts';",
      "export type { H } from './h.ts';",
      "const lazy = () => import('./i.tsx');",
      "import './styles.css';",
    ].join('\n');
    expect(valueImports('x.ts', text)).toEqual([
      './d.ts',
      './f.ts',
      './g.ts',
      './i.tsx',
      './styles.css',
    ]);
  });

  it('no value import from the web app reaches a server-only package', () => {
    expect(serverReachingChains()).toEqual([]);
  });
});
