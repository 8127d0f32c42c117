import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorCodeInventory, type CodeSite } from '../../http/error-code-inventory.ts';
import { en } from './en.ts';
import { ru } from './ru.ts';
import { zh } from './zh.ts';

const sourceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const inventory = errorCodeInventory(sourceRoot);

/**
 * Codes made at run time, by file, with the codes each can give over HTTP. A new one fails the
 * test until it is named here and translated.
 */
const dynamicSites: Record<string, { errors: string[]; fields: string[] }> = {
  // the `models refit` command of the CLI: its errors never reach the web app
  'modules/analytics/models-command.ts': { errors: [], fields: [] },
  // hands on the code of an error of lead capture, which the inventory holds already
  'modules/imports/adf-intake.service.ts': { errors: [], fields: [] },
  // the outbox's reason for refusing a letter (messaging BlockReason)
  'modules/marketing/data-check.service.ts': {
    errors: [],
    fields: ['no_consent', 'no_recipient', 'invalid_recipient'],
  },
};

type Tree = { [key: string]: string | Tree };

function textAt(resources: Tree, path: string): string | undefined {
  const found = path
    .split('.')
    .reduce<string | Tree | undefined>(
      (node, part) => (typeof node === 'object' ? node[part] : undefined),
      resources,
    );
  return typeof found === 'string' ? found : undefined;
}

const placeholders = (text: string) =>
  [...text.matchAll(/{{(\w+)}}/g)].map((match) => match[1] ?? '');

function codesOf(sites: CodeSite[], extra: string[]): string[] {
  return [...new Set([...sites.map((site) => site.code), ...extra])].sort();
}

const errorCodes = codesOf(
  inventory.errors,
  Object.values(dynamicSites).flatMap((site) => site.errors),
);
const fieldCodes = codesOf(
  inventory.fields,
  Object.values(dynamicSites).flatMap((site) => site.fields),
);

describe('every error the server can send has words in every language', () => {
  it('finds the codes of each way the server raises errors', () => {
    // one of each shape: AppError, a subclass's super(), .because(), a handler's own answer,
    // a field problem, a schema code, a field-problem helper
    expect(errorCodes).toEqual(
      expect.arrayContaining([
        'unknown_dealer',
        'rate_limited',
        'conflict',
        'not_found',
        'event_full',
        'invalid_json',
      ]),
    );
    expect(fieldCodes).toEqual(
      expect.arrayContaining(['taken', 'too_long', 'unknown_field', 'below_registered']),
    );
    const full = inventory.errors.find((site) => site.code === 'event_full');
    expect(full?.params).toEqual(['capacity']);
  });

  it('knows every code made at run time', () => {
    const files = [...new Set(inventory.dynamic.map((where) => where.replace(/:\d+$/, '')))];
    expect(files.sort()).toEqual(Object.keys(dynamicSites).sort());
  });

  it.each([
    ['en', en],
    ['ru', ru],
    ['zh', zh],
  ] as const)('%s names every error code and every field code', (_, resources) => {
    const tree = resources as unknown as Tree;
    expect(errorCodes.filter((code) => !textAt(tree, `errors.${code}`))).toEqual([]);
    expect(fieldCodes.filter((code) => !textAt(tree, `fieldErrors.${code}`))).toEqual([]);
  });

  it('uses in each text only the params the server sends with that code', () => {
    const tree = en as unknown as Tree;
    const unsent: string[] = [];
    const check = (section: string, sites: CodeSite[]) => {
      for (const site of sites) {
        const text = textAt(tree, `${section}.${site.code}`) ?? '';
        for (const name of placeholders(text)) {
          if (!site.params.includes(name)) unsent.push(`${site.where} ${site.code}: ${name}`);
        }
      }
    };
    check('errors', inventory.errors);
    check('fieldErrors', inventory.fields);
    expect(unsent).toEqual([]);
  });
});
