import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatFinding, lintSdfProject, type Finding, type RuleId } from '../../tools/sdf-lint/rules';

const RESTLET_JS = `/**
 * @NApiVersion 2.1
 * @NScriptType Restlet
 * @NModuleScope SameAccount
 */
define(["require", "exports"], function (require, exports) {
    "use strict";
    exports.get = () => "{}";
});
`;

const RESTLET_XML = `<restlet scriptid="customscript_snc_demo_rl">
  <name>Demo</name>
  <scriptfile>[/SuiteScripts/demo/demo_restlet.js]</scriptfile>
  <scriptdeployments>
    <scriptdeployment scriptid="customdeploy_snc_demo_rl">
      <status>RELEASED</status>
      <title>Demo</title>
    </scriptdeployment>
  </scriptdeployments>
</restlet>
`;

const RECORD_XML = `<customrecordtype scriptid="customrecord_snc_demo">
  <recordname>Demo</recordname>
  <customrecordcustomfields>
    <customrecordcustomfield scriptid="custrecord_snc_demo_parent">
      <fieldtype>SELECT</fieldtype>
      <selectrecordtype>[scriptid=customrecord_snc_demo]</selectrecordtype>
    </customrecordcustomfield>
  </customrecordcustomfields>
</customrecordtype>
`;

const MANIFEST_XML = `<manifest projecttype="ACCOUNTCUSTOMIZATION">
  <projectname>Demo</projectname>
  <frameworkversion>1.0</frameworkversion>
  <dependencies>
    <features>
      <feature required="true">SERVERSIDESCRIPTING</feature>
      <feature required="true">CUSTOMRECORDS</feature>
    </features>
  </dependencies>
</manifest>
`;

const DEPLOY_XML = `<deploy>
  <files><path>~/FileCabinet/SuiteScripts/demo/*</path></files>
  <objects><path>~/Objects/*</path></objects>
</deploy>
`;

/** A small valid project; each test breaks one thing in a copy of it. */
function makeProject(overrides: Record<string, string | null> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdf-lint-'));
  const files: Record<string, string | null> = {
    'manifest.xml': MANIFEST_XML,
    'deploy.xml': DEPLOY_XML,
    'Objects/customscript_snc_demo_rl.xml': RESTLET_XML,
    'Objects/customrecord_snc_demo.xml': RECORD_XML,
    'FileCabinet/SuiteScripts/demo/demo_restlet.js': RESTLET_JS,
    'FileCabinet/SuiteScripts/demo/lib.js': 'define([], function () { return {}; });\n',
    ...overrides,
  };
  for (const [file, content] of Object.entries(files)) {
    if (content === null) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const created: string[] = [];
function lint(overrides: Record<string, string | null> = {}): Finding[] {
  const dir = makeProject(overrides);
  created.push(dir);
  return lintSdfProject({ projectDir: dir, prefix: 'snc' });
}
afterAll(() => created.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function expectOnly(findings: Finding[], rule: RuleId, file: string, text: RegExp): void {
  expect(findings.map((f) => [f.rule, f.file])).toEqual([[rule, file]]);
  const [finding] = findings as [Finding];
  expect(formatFinding(finding)).toContain(`${file}: [${rule}]`);
  expect(finding.message).toMatch(text);
}

describe('lint:sdf rules', () => {
  it('accepts the valid example project', () => {
    expect(lint()).toEqual([]);
  });

  it('xml-well-formed: rejects an unclosed tag with its line', () => {
    const broken = RESTLET_XML.replace('<title>Demo</title>', '<title>Demo');
    expectOnly(
      lint({ 'Objects/customscript_snc_demo_rl.xml': broken }),
      'xml-well-formed',
      'Objects/customscript_snc_demo_rl.xml',
      /line \d+/,
    );
  });

  it('xml-well-formed: checks manifest.xml too', () => {
    expectOnly(
      lint({ 'manifest.xml': '<manifest><dependencies></manifest>' }),
      'xml-well-formed',
      'manifest.xml',
      /dependencies/,
    );
  });

  it('file-name-is-scriptid: the file must be named after the scriptid', () => {
    const findings = lint({
      'Objects/customscript_snc_demo_rl.xml': null,
      'Objects/customscript_snc_other.xml': RESTLET_XML,
    });
    expectOnly(findings, 'file-name-is-scriptid', 'Objects/customscript_snc_other.xml', /customscript_snc_demo_rl/);
  });

  it('id-prefix: a scriptid without the project prefix fails', () => {
    const broken = RECORD_XML.replace('custrecord_snc_demo_parent', 'custrecord_demo_parent');
    expectOnly(
      lint({ 'Objects/customrecord_snc_demo.xml': broken }),
      'id-prefix',
      'Objects/customrecord_snc_demo.xml',
      /custrecord_snc_/,
    );
  });

  it('id-prefix: a deployment must start with customdeploy_', () => {
    const broken = RESTLET_XML.replace('customdeploy_snc_demo_rl', 'customscript_snc_demo_dep');
    expectOnly(
      lint({ 'Objects/customscript_snc_demo_rl.xml': broken }),
      'id-prefix',
      'Objects/customscript_snc_demo_rl.xml',
      /customdeploy_snc_/,
    );
  });

  it('reference-resolves: a [scriptid=…] naming nothing in the project fails', () => {
    const broken = RECORD_XML.replace('[scriptid=customrecord_snc_demo]', '[scriptid=customrecord_snc_missing]');
    expectOnly(
      lint({ 'Objects/customrecord_snc_demo.xml': broken }),
      'reference-resolves',
      'Objects/customrecord_snc_demo.xml',
      /customrecord_snc_missing/,
    );
  });

  it('reference-resolves: nested references resolve through their parent', () => {
    const ok = RECORD_XML.replace(
      '[scriptid=customrecord_snc_demo]',
      '[scriptid=customrecord_snc_demo.custrecord_snc_demo_parent]',
    );
    expect(lint({ 'Objects/customrecord_snc_demo.xml': ok })).toEqual([]);
    const broken = RECORD_XML.replace(
      '[scriptid=customrecord_snc_demo]',
      '[scriptid=customrecord_snc_demo.custrecord_snc_nope]',
    );
    expectOnly(
      lint({ 'Objects/customrecord_snc_demo.xml': broken }),
      'reference-resolves',
      'Objects/customrecord_snc_demo.xml',
      /custrecord_snc_nope/,
    );
  });

  it('scriptfile-exists: a script file missing from FileCabinet fails', () => {
    const findings = lint({ 'FileCabinet/SuiteScripts/demo/demo_restlet.js': null });
    expectOnly(findings, 'scriptfile-exists', 'Objects/customscript_snc_demo_rl.xml', /demo_restlet\.js/);
  });

  it('script-api-version: the header must declare 2.1', () => {
    const broken = RESTLET_JS.replace('@NApiVersion 2.1', '@NApiVersion 2.0');
    expectOnly(
      lint({ 'FileCabinet/SuiteScripts/demo/demo_restlet.js': broken }),
      'script-api-version',
      'FileCabinet/SuiteScripts/demo/demo_restlet.js',
      /found 2\.0/,
    );
  });

  it('script-api-version: a header moved inside define() (tsc without the blank line) does not count', () => {
    const broken = `define(["require", "exports"], function (require, exports) {
    /**
     * @NApiVersion 2.1
     * @NScriptType Restlet
     */
    exports.get = () => "{}";
});
`;
    const findings = lint({ 'FileCabinet/SuiteScripts/demo/demo_restlet.js': broken });
    expect(findings.map((f) => f.rule).sort()).toEqual(['script-api-version', 'script-type-matches']);
    expect(findings.every((f) => f.file === 'FileCabinet/SuiteScripts/demo/demo_restlet.js')).toBe(true);
  });

  it('script-type-matches: a RESTlet object needs @NScriptType Restlet', () => {
    const broken = RESTLET_JS.replace('@NScriptType Restlet', '@NScriptType Suitelet');
    expectOnly(
      lint({ 'FileCabinet/SuiteScripts/demo/demo_restlet.js': broken }),
      'script-type-matches',
      'FileCabinet/SuiteScripts/demo/demo_restlet.js',
      /Restlet.*found Suitelet/,
    );
  });

  it('define-first: code before define( fails', () => {
    const broken = RESTLET_JS.replace('define(', 'var __helper = 1;\ndefine(');
    expectOnly(
      lint({ 'FileCabinet/SuiteScripts/demo/demo_restlet.js': broken }),
      'define-first',
      'FileCabinet/SuiteScripts/demo/demo_restlet.js',
      /__helper/,
    );
  });

  it('single-define: two define calls fail, in library files too', () => {
    const broken = 'define([], function () { return {}; });\ndefine([], function () { return {}; });\n';
    expectOnly(
      lint({ 'FileCabinet/SuiteScripts/demo/lib.js': broken }),
      'single-define',
      'FileCabinet/SuiteScripts/demo/lib.js',
      /found 2/,
    );
  });

  it('manifest-features: custom records need CUSTOMRECORDS', () => {
    const broken = MANIFEST_XML.replace('<feature required="true">CUSTOMRECORDS</feature>', '');
    expectOnly(
      lint({ 'manifest.xml': broken }),
      'manifest-features',
      'manifest.xml',
      /CUSTOMRECORDS.*customrecord_snc_demo\.xml/,
    );
  });

  it('manifest-features: scripts need SERVERSIDESCRIPTING', () => {
    const broken = MANIFEST_XML.replace('<feature required="true">SERVERSIDESCRIPTING</feature>', '');
    expectOnly(lint({ 'manifest.xml': broken }), 'manifest-features', 'manifest.xml', /SERVERSIDESCRIPTING/);
  });

  it('manifest-features: a role holding Customer Payment needs RECEIVABLES (SDF reference: CUSTOMERPAYMENT depends on it)', () => {
    const role =
      '<role scriptid="customrole_snc_demo"><name>Demo</name><permissions><permission><permkey>TRAN_CUSTPYMT</permkey><permlevel>EDIT</permlevel></permission></permissions></role>';
    expectOnly(
      lint({ 'Objects/customrole_snc_demo.xml': role }),
      'manifest-features',
      'manifest.xml',
      /RECEIVABLES.*customrole_snc_demo\.xml/,
    );
  });

  it('deploy-covers: a script file outside every deploy path fails', () => {
    const broken = DEPLOY_XML.replace('~/FileCabinet/SuiteScripts/demo/*', '~/FileCabinet/SuiteScripts/demo/lib.js');
    expectOnly(lint({ 'deploy.xml': broken }), 'deploy-covers', 'deploy.xml', /demo_restlet\.js/);
  });

  it('deploy-covers: a deploy path matching nothing fails', () => {
    const broken = DEPLOY_XML.replace('</files>', '<path>~/FileCabinet/SuiteScripts/gone/*</path></files>');
    expectOnly(lint({ 'deploy.xml': broken }), 'deploy-covers', 'deploy.xml', /gone/);
  });
});
