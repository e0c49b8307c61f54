/** The JSDoc tags NetSuite reads from a script file's header comment. */
export interface ScriptHeader {
  apiVersion?: string;
  scriptType?: string;
  moduleScope?: string;
}

/** Reads `@NApiVersion`, `@NScriptType`, `@NModuleScope` from the leading block comments. */
export function readHeader(source: string): ScriptHeader {
  const header: ScriptHeader = {};
  const leading = /^(?:\s*(?:\/\*[\s\S]*?\*\/|\/\/[^\n]*\n))*/.exec(source)?.[0] ?? '';
  for (const match of leading.matchAll(/@(NApiVersion|NScriptType|NModuleScope)\s+([^\s*]+)/g)) {
    const [, tag, value] = match;
    if (value === undefined) continue;
    if (tag === 'NApiVersion') header.apiVersion = value;
    else if (tag === 'NScriptType') header.scriptType = value;
    else header.moduleScope = value;
  }
  return header;
}
