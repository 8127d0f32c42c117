import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Every error code the server's source can send, read from its syntax rather than kept as a
 * list, so that a new code without a translation in the web app fails a test. It knows the
 * shapes the code base raises errors with:
 * - `new AppError(status, 'code', …)` and `super(status, 'code', …)` in AppError's subclasses;
 * - `new ConflictError(message).because('code', params)`, and ConflictError's default code;
 * - answers written by hand, `{ code: 'code', message }` (the error handler, a webhook);
 * - field problems, `{ path, message, code: 'code' }`, and the schema codes of field-codes.ts.
 * A code built at run time (`model_${problem}`) cannot be read: it is listed as dynamic, with
 * where it is, for the test to decide about.
 */

/** One place a code is made, with the names of the params sent with it there. */
export type CodeSite = { code: string; where: string; params: string[] };
export type ErrorCodeInventory = {
  /** codes of the whole answer: `error.code` */
  errors: CodeSite[];
  /** codes of one field: `error.fields[].code` */
  fields: CodeSite[];
  /** codes built at run time, by where they are */
  dynamic: string[];
};

const errorClasses = new Set(['AppError']);
const conflictClasses = new Set(['ConflictError']);

/** Source files of the server: everything under src/ but the web app, tests and fixtures. */
export function serverSourceFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'web' && entry.name !== 'node_modules') walk(path);
      } else if (
        entry.name.endsWith('.ts') &&
        !entry.name.endsWith('.test.ts') &&
        !entry.name.endsWith('.d.ts')
      ) {
        found.push(path);
      }
    }
  };
  walk(root);
  return found.sort();
}

function propertyNamed(node: ts.ObjectLiteralExpression, name: string) {
  return node.properties.find(
    (property): property is ts.PropertyAssignment | ts.ShorthandPropertyAssignment =>
      (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) &&
      ts.isIdentifier(property.name) &&
      property.name.text === name,
  );
}

/** The literal texts an expression can have: 'a', cond ? 'a' : 'b', x ?? 'a'; else undefined. */
function literalTexts(node: ts.Expression): string[] | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node)) return literalTexts(node.expression);
  if (ts.isConditionalExpression(node)) {
    const both = [literalTexts(node.whenTrue), literalTexts(node.whenFalse)];
    return both.every((texts) => texts) ? (both.flat() as string[]) : undefined;
  }
  if (
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken
  ) {
    return literalTexts(node.right);
  }
  return undefined;
}

function calleeName(node: ts.NewExpression | ts.CallExpression): string | undefined {
  return ts.isIdentifier(node.expression) ? node.expression.text : undefined;
}

export function scanSource(fileName: string, text: string, inventory: ErrorCodeInventory): void {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const where = (node: ts.Node) =>
    `${fileName}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const add = (list: CodeSite[], node: ts.Expression | undefined, params?: ts.Node) => {
    if (!node) return;
    const texts = literalTexts(node);
    if (!texts) {
      inventory.dynamic.push(where(node));
      return;
    }
    for (const code of texts) list.push({ code, where: where(node), params: keysOf(params) });
  };
  const fieldCodesFile = fileName.endsWith('field-codes.ts');
  // field problems made by a helper of this file, `problem('places', '…', 'below_registered')`
  const helpers = new Map<string, number>();

  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node)) {
      const name = calleeName(node);
      const args = node.arguments ?? [];
      if (name && errorClasses.has(name)) add(inventory.errors, args[1], args[4]);
      if (name && conflictClasses.has(name) && args[2] && !isParameter(args[2])) {
        add(inventory.errors, args[2], args[3]);
      }
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'because'
    ) {
      // new ConflictError('The event is full').because('event_full', { capacity })
      add(inventory.errors, node.arguments[0], node.arguments[1]);
    } else if (ts.isParameter(node) && ts.isIdentifier(node.name) && node.name.text === 'code') {
      // an error class's default code: `constructor(message, fields, code = 'conflict')`
      const owner = node.parent.parent;
      if (ts.isConstructorDeclaration(node.parent) && ts.isClassDeclaration(owner)) {
        if (node.initializer && /Error$/.test(owner.name?.text ?? '')) {
          add(inventory.errors, node.initializer);
        }
      }
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
      const owner = node.parent.parent.parent?.parent;
      const extendsError =
        owner !== undefined &&
        ts.isClassDeclaration(owner) &&
        owner.heritageClauses?.some((clause) =>
          clause.types.some((type) => /Error$/.test(type.expression.getText(source))),
        );
      const code = node.arguments[1];
      if (extendsError && code && !isParameter(code)) add(inventory.errors, code);
    } else if (ts.isObjectLiteralExpression(node) && !isSchemaIssue(node) && !isSchema(node)) {
      const code = propertyNamed(node, 'code');
      const helper = code && problemHelper(node, code);
      if (helper) helpers.set(helper.name, helper.index);
      else if (code && ts.isPropertyAssignment(code)) {
        const hasPath = propertyNamed(node, 'path') !== undefined;
        const hasMessage = propertyNamed(node, 'message') !== undefined;
        const params = propertyNamed(node, 'params');
        const given = params && ts.isPropertyAssignment(params) ? params.initializer : undefined;
        if (hasPath && hasMessage) add(inventory.fields, code.initializer, given);
        else if (hasMessage && literalTexts(code.initializer)) {
          add(inventory.errors, code.initializer, given);
        } else if (fieldCodesFile) add(inventory.fields, code.initializer, given);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  const visitCalls = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const index = helpers.get(calleeName(node) ?? '');
      if (index !== undefined) {
        // such a helper takes the params right after the code, as event-details.service.ts does
        add(inventory.fields, node.arguments[index], node.arguments[index + 1]);
      }
    }
    ts.forEachChild(node, visitCalls);
  };
  if (helpers.size) visitCalls(source);
}

/** The names of `{ capacity, dealer: … }`; none when it is not written out. */
function keysOf(node: ts.Node | undefined): string[] {
  if (!node || !ts.isObjectLiteralExpression(node)) return [];
  return node.properties.flatMap((property) =>
    property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
      ? [property.name.text]
      : [],
  );
}

/** `z.object({ code: z.string(), … })`: a schema describing codes, not one. */
function isSchema(node: ts.ObjectLiteralExpression): boolean {
  const call = node.parent;
  return ts.isCallExpression(call) && /^z\.\w+$/.test(call.expression.getText());
}

/** An identifier naming a parameter of the function around it: a code handed on, not made. */
function isParameter(node: ts.Expression): boolean {
  if (!ts.isIdentifier(node)) return false;
  let around: ts.Node = node.parent;
  while (around && !ts.isFunctionLike(around)) around = around.parent;
  return (
    around !== undefined &&
    (around as ts.SignatureDeclaration).parameters.some(
      (parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === node.text,
    )
  );
}

/** `ctx.addIssue({ code: 'custom', … })` is zod's own; the error handler gives it a code. */
function isSchemaIssue(node: ts.ObjectLiteralExpression): boolean {
  const call = node.parent;
  return (
    ts.isCallExpression(call) &&
    ts.isPropertyAccessExpression(call.expression) &&
    call.expression.name.text === 'addIssue'
  );
}

/**
 * `{ path, message, code }` whose code is a parameter of the function around it: that function
 * is a helper making field problems, and its callers name the codes.
 */
function problemHelper(
  node: ts.ObjectLiteralExpression,
  code: ts.PropertyAssignment | ts.ShorthandPropertyAssignment,
): { name: string; index: number } | undefined {
  if (!propertyNamed(node, 'path') || !propertyNamed(node, 'message')) return undefined;
  const value = ts.isShorthandPropertyAssignment(code) ? code.name : code.initializer;
  if (!ts.isIdentifier(value)) return undefined;
  let around: ts.Node = node.parent;
  while (around && !ts.isFunctionLike(around)) around = around.parent;
  if (!around) return undefined;
  const index = (around as ts.SignatureDeclaration).parameters.findIndex(
    (parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === value.text,
  );
  if (index < 0) return undefined;
  const named =
    ts.isFunctionDeclaration(around) && around.name
      ? around.name
      : ts.isVariableDeclaration(around.parent) && ts.isIdentifier(around.parent.name)
        ? around.parent.name
        : undefined;
  return named ? { name: named.text, index } : undefined;
}

/** The inventory of every server source file under `root` (src/), with paths relative to it. */
export function errorCodeInventory(root: string): ErrorCodeInventory {
  const inventory: ErrorCodeInventory = { errors: [], fields: [], dynamic: [] };
  for (const file of serverSourceFiles(root)) {
    scanSource(relative(root, file), readFileSync(file, 'utf8'), inventory);
  }
  return inventory;
}
