import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { defineShape, listFiles } from './files';
import { child, parseXml, walk, type XmlElement } from './xml';

/** The offline checks of an SDF project; each finding names the rule it broke. */
export type RuleId =
  | 'xml-well-formed'
  | 'file-name-is-scriptid'
  | 'id-prefix'
  | 'reference-resolves'
  | 'scriptfile-exists'
  | 'script-api-version'
  | 'script-type-matches'
  | 'define-first'
  | 'single-define'
  | 'manifest-features'
  | 'deploy-covers';

export interface Finding {
  rule: RuleId;
  /** Path relative to the project folder. */
  file: string;
  message: string;
}

export interface SdfLintOptions {
  /** The SDF project folder (the one holding manifest.xml). */
  projectDir: string;
  /** The short prefix every script ID carries after its type part, e.g. `snc`. */
  prefix: string;
}

/** Object root element → the `@NScriptType` its script file must declare. */
export const SCRIPT_TYPES: Readonly<Record<string, string>> = {
  restlet: 'Restlet',
  suitelet: 'Suitelet',
  mapreducescript: 'MapReduceScript',
  scheduledscript: 'ScheduledScript',
  usereventscript: 'UserEventScript',
  clientscript: 'ClientScript',
  workflowactionscript: 'WorkflowActionScript',
  massupdatescript: 'MassUpdateScript',
  portlet: 'Portlet',
  bundleinstallationscript: 'BundleInstallationScript',
  sdfinstallationscript: 'SDFInstallationScript',
};

/** Object root element → manifest features it needs. Extend when a new object type is added. */
export const REQUIRED_FEATURES: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(
    Object.keys(SCRIPT_TYPES)
      .filter((type) => type !== 'clientscript')
      .map((type) => [type, ['SERVERSIDESCRIPTING']]),
  ),
  clientscript: ['CUSTOMCODE'],
  customrecordtype: ['CUSTOMRECORDS'],
  workflow: ['WORKFLOW'],
};

/**
 * Leaf element text → the feature it needs: role permissions and deployment fields. Sources: the SDF XML
 * reference ("CUSTOMERPAYMENT (This value has a dependency on the RECEIVABLES feature)", JOURNALENTRY and
 * sales on ACCOUNTING; `allpartners`: "you must reference the CRM feature"), and OAuth 2.0 logins on OAUTH2.
 */
export const FEATURES_OF_VALUES: Readonly<Record<string, readonly string[]>> = {
  'permkey:TRAN_CUSTPYMT': ['RECEIVABLES'],
  'permkey:TRAN_CUSTINVC': ['ACCOUNTING'],
  'permkey:TRAN_JOURNAL': ['ACCOUNTING'],
  'permkey:ADMI_LOGIN_OAUTH2': ['OAUTH2'],
  allpartners: ['CRM'],
};

/** Element name → the type part its scriptid must start with (NetSuite's own convention). */
const ID_TYPE_PARTS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.keys(SCRIPT_TYPES).map((type) => [type, 'customscript'])),
  scriptdeployment: 'customdeploy',
  scriptcustomfield: 'custscript',
  customrecordtype: 'customrecord',
  customrecordcustomfield: 'custrecord',
  customlist: 'customlist',
  role: 'customrole',
  secret: 'custsecret',
  savedsearch: 'customsearch',
  transactionbodycustomfield: 'custbody',
  transactioncolumncustomfield: 'custcol',
  entitycustomfield: 'custentity',
  itemcustomfield: 'custitem',
};

const REFERENCE = /\[(?:[^\]]*?,\s*)?scriptid=([^\],\s]+)\]/g;
const FILE_REFERENCE = /^\[(\/[^\]]+)\]$/;

interface ObjectFile {
  file: string;
  root: XmlElement;
}

class Linter {
  readonly findings: Finding[] = [];
  constructor(private readonly options: SdfLintOptions) {}

  private rel(absolute: string): string {
    return path.relative(this.options.projectDir, absolute).split(path.sep).join('/');
  }

  report(rule: RuleId, file: string, message: string): void {
    this.findings.push({ rule, file, message });
  }

  readXml(absolute: string): XmlElement | undefined {
    const parsed = parseXml(fs.readFileSync(absolute, 'utf8'));
    if (!parsed.ok) {
      this.report('xml-well-formed', this.rel(absolute), parsed.error);
      return undefined;
    }
    return parsed.root;
  }

  run(): Finding[] {
    const { projectDir } = this.options;
    const manifest = this.readXml(path.join(projectDir, 'manifest.xml'));
    const deploy = this.readXml(path.join(projectDir, 'deploy.xml'));
    const objects: ObjectFile[] = [];
    for (const absolute of listFiles(path.join(projectDir, 'Objects'))) {
      if (!absolute.endsWith('.xml')) continue;
      const root = this.readXml(absolute);
      if (root) objects.push({ file: this.rel(absolute), root });
    }
    const knownIds = this.checkIds(objects);
    this.checkReferences(objects, knownIds);
    const scriptFiles = this.checkScriptFiles(objects);
    this.checkJavaScript(listFiles(path.join(projectDir, 'FileCabinet')).filter((f) => f.endsWith('.js')));
    if (manifest) this.checkFeatures(manifest, objects);
    if (deploy) this.checkDeploy(deploy, objects, scriptFiles);
    return this.findings;
  }

  /** File name = scriptid, prefixes; returns every resolvable ID path (`a`, `a.b`, …). */
  private checkIds(objects: ObjectFile[]): Set<string> {
    const known = new Set<string>();
    const prefix = this.options.prefix;
    const visit = (element: XmlElement, parents: string[], file: string): void => {
      const id = element.attributes['scriptid'];
      let chain = parents;
      if (id !== undefined) {
        chain = [...parents, id];
        known.add(chain.join('.'));
        const typePart = ID_TYPE_PARTS[element.name];
        const pattern = new RegExp(`^${typePart ?? '[a-z]+'}_${prefix}_[a-z0-9_]+$`);
        if (!pattern.test(id)) {
          const expected = `${typePart ?? '<type>'}_${prefix}_…`;
          this.report('id-prefix', file, `<${element.name}> scriptid "${id}" must look like ${expected} (lower case)`);
        }
      }
      for (const c of element.children) visit(c, chain, file);
    };
    for (const { file, root } of objects) {
      const id = root.attributes['scriptid'];
      const expected = path.basename(file, '.xml');
      if (id !== expected) {
        this.report(
          'file-name-is-scriptid',
          file,
          `scriptid is "${id ?? '(none)'}" but the file is named ${expected}.xml`,
        );
      }
      visit(root, [], file);
    }
    return known;
  }

  private checkReferences(objects: ObjectFile[], known: Set<string>): void {
    for (const { file, root } of objects) {
      for (const element of walk(root)) {
        for (const value of [element.text, ...Object.values(element.attributes)]) {
          for (const match of value.matchAll(REFERENCE)) {
            const target = match[1] as string;
            if (!known.has(target)) {
              this.report(
                'reference-resolves',
                file,
                `<${element.name}> refers to [scriptid=${target}], which no object in the project defines`,
              );
            }
          }
        }
      }
    }
  }

  /** Every `[/…]` file reference exists; script files declare the right header. Returns referenced files. */
  private checkScriptFiles(objects: ObjectFile[]): string[] {
    const referenced: string[] = [];
    for (const { file, root } of objects) {
      for (const element of walk(root)) {
        const match = FILE_REFERENCE.exec(element.text);
        if (!match) continue;
        const cabinetPath = `FileCabinet${match[1] as string}`;
        referenced.push(cabinetPath);
        const absolute = path.join(this.options.projectDir, cabinetPath);
        if (!fs.existsSync(absolute)) {
          this.report(
            'scriptfile-exists',
            file,
            `<${element.name}> names ${match[1]}, but ${cabinetPath} does not exist (did the build run?)`,
          );
          continue;
        }
        const scriptType = SCRIPT_TYPES[root.name];
        if (element.name === 'scriptfile' && scriptType) this.checkHeader(cabinetPath, absolute, root.name, scriptType);
      }
    }
    return referenced;
  }

  private checkHeader(file: string, absolute: string, objectType: string, scriptType: string): void {
    const source = fs.readFileSync(absolute, 'utf8');
    const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
    const first = parsed.statements[0];
    const header = first ? source.slice(0, first.getStart(parsed)) : source;
    const apiVersion = /@NApiVersion\s+(\S+)/i.exec(header)?.[1];
    if (apiVersion !== '2.1') {
      this.report(
        'script-api-version',
        file,
        `the JSDoc header before define() must say @NApiVersion 2.1, found ${apiVersion ?? 'none'}`,
      );
    }
    const declared = /@NScriptType\s+(\S+)/i.exec(header)?.[1];
    if (declared !== scriptType) {
      this.report(
        'script-type-matches',
        file,
        `a <${objectType}> needs @NScriptType ${scriptType} in the header before define(), found ${declared ?? 'none'}`,
      );
    }
  }

  private checkJavaScript(files: string[]): void {
    for (const absolute of files) {
      const file = this.rel(absolute);
      const { source: parsed, defines, defineStatement } = defineShape(file, fs.readFileSync(absolute, 'utf8'));
      const first = parsed.statements[0];
      const startsWithDefine = first !== undefined && first === defineStatement;
      if (!startsWithDefine) {
        const found = first ? first.getText(parsed).split('\n')[0] : 'an empty file';
        this.report('define-first', file, `nothing but comments may come before define(, found: ${found}`);
      }
      if (defines !== 1)
        this.report('single-define', file, `a SuiteScript file must call define exactly once, found ${defines}`);
    }
  }

  private checkFeatures(manifest: XmlElement, objects: ObjectFile[]): void {
    const declared = new Set(
      child(child(manifest, 'dependencies') ?? manifest, 'features')
        ?.children.filter((c) => c.name === 'feature')
        .map((c) => c.text.toUpperCase()) ?? [],
    );
    const missing = new Map<string, string[]>();
    for (const { file, root } of objects) {
      const needed = new Set(REQUIRED_FEATURES[root.name] ?? []);
      for (const element of walk(root)) {
        const key = element.name === 'permkey' ? `permkey:${element.text.trim().toUpperCase()}` : element.name;
        for (const feature of FEATURES_OF_VALUES[key] ?? []) needed.add(feature);
      }
      for (const feature of needed) {
        if (!declared.has(feature)) missing.set(feature, [...(missing.get(feature) ?? []), file]);
      }
    }
    for (const [feature, files] of missing) {
      this.report(
        'manifest-features',
        'manifest.xml',
        `feature ${feature} is not declared, but ${files.join(', ')} needs it`,
      );
    }
  }

  private checkDeploy(deploy: XmlElement, objects: ObjectFile[], scriptFiles: string[]): void {
    const patterns = [...walk(deploy)].filter((e) => e.name === 'path').map((e) => e.text.replace(/^~\//, ''));
    const covers = (pattern: string, file: string): boolean =>
      pattern.endsWith('/*') ? file.startsWith(pattern.slice(0, -1)) : file === pattern;
    const needed = [...objects.map((o) => o.file), ...scriptFiles];
    for (const file of needed) {
      if (!patterns.some((p) => covers(p, file)))
        this.report('deploy-covers', 'deploy.xml', `no <path> deploys ${file}`);
    }
    const present = [
      ...listFiles(path.join(this.options.projectDir, 'Objects')),
      ...listFiles(path.join(this.options.projectDir, 'FileCabinet')),
    ].map((f) => this.rel(f));
    for (const pattern of patterns) {
      if (!present.some((file) => covers(pattern, file)))
        this.report('deploy-covers', 'deploy.xml', `<path>~/${pattern}</path> matches no file in the project`);
    }
  }
}

export function lintSdfProject(options: SdfLintOptions): Finding[] {
  return new Linter(options).run();
}

export function formatFinding(finding: Finding): string {
  return `${finding.file}: [${finding.rule}] ${finding.message}`;
}
