import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** Every file below `dir` (absolute paths, sorted); none when it does not exist. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

export interface DefineShape {
  /** Parsed file, for callers that need more. */
  source: ts.SourceFile;
  /** `define(...)` calls anywhere in the file. */
  defines: number;
  /** The first statement, when it is the define call. */
  defineStatement: ts.ExpressionStatement | undefined;
  /** Statements other than empty ones. */
  statements: readonly ts.Statement[];
}

/** How a SuiteScript AMD file is built around `define(`: what NetSuite's loader needs it to be. */
export function defineShape(fileName: string, text: string): DefineShape {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  let defines = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'define') defines++;
    ts.forEachChild(node, visit);
  };
  visit(source);
  const statements = source.statements.filter((s) => !ts.isEmptyStatement(s));
  const [first] = statements;
  const isDefine =
    first !== undefined &&
    ts.isExpressionStatement(first) &&
    ts.isCallExpression(first.expression) &&
    ts.isIdentifier(first.expression.expression) &&
    first.expression.expression.text === 'define';
  return { source, defines, defineStatement: isDefine ? first : undefined, statements };
}
