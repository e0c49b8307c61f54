import { listFiles } from '../../../tools/sdf-lint/files';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseXml, type XmlElement } from '../../../tools/sdf-lint/xml';
import type { FieldDef, FieldType, FieldValue } from '../schema';
import { ElementReader, referenceTarget, sdfError } from './reader';
import { parseRecurrence } from './recurrence';
import {
  type CustomRecordAccessType,
  type PermissionLevel,
  SCRIPT_OBJECT_TYPES,
  type CustomListDef,
  type CustomRecordTypeDef,
  type DeploymentDef,
  type DeploymentStatus,
  type LogLevel,
  type ManifestDef,
  type ParamValue,
  type RoleDef,
  type ScriptDef,
  type ScriptObjectType,
  type ScriptParameterDef,
  type SdfProject,
  type SecretDef,
} from './types';

/** SDF fieldtype codes (generic_customfield_fieldtype) the emulator stores, and their schema type. */
export const FIELD_TYPES: Readonly<Record<string, FieldType>> = {
  TEXT: 'text',
  TEXTAREA: 'textarea',
  CLOBTEXT: 'textarea',
  RICHTEXT: 'textarea',
  PHONE: 'text',
  EMAIL: 'email',
  URL: 'url',
  SELECT: 'select',
  MULTISELECT: 'multiselect',
  CHECKBOX: 'checkbox',
  CURRENCY: 'currency',
  FLOAT: 'float',
  PERCENT: 'percent',
  INTEGER: 'integer',
  DATE: 'date',
  DATETIMETZ: 'datetime',
};
/**
 * The most a text field of each SDF type holds, in UTF-8 bytes. Oracle help, "Field Type Descriptions for
 * Custom Fields": Free-Form Text 300, Text Area 4,000, Long Text 1,000,000 ("character limits … apply to
 * English letters, which require one byte for each letter … one character could require up to four
 * bytes"); Oracle help, "serverWidget.FieldType": long text made with SuiteBuilder 1,000,000. Rich text,
 * email, URL and phone limits are not in what we found: guesses, see emulator/README.md.
 */
export const FIELD_MAX_LENGTHS: Readonly<Record<string, number>> = {
  TEXT: 300,
  TEXTAREA: 4000,
  CLOBTEXT: 1_000_000,
  RICHTEXT: 1_000_000,
  EMAIL: 300,
  URL: 300,
  PHONE: 300,
};
/** Valid SDF codes the emulator does not model: a field of these types fails loudly. */
const UNMODELLED_FIELD_TYPES = ['DOCUMENT', 'HELP', 'IMAGE', 'INLINEHTML', 'PASSWORD', 'TIMEOFDAY'];

/**
 * Standard record codes for `selectrecordtype` (generic_customfield_selectrecordtype) → the record
 * type or group the IDs point at. Account/currency/subsidiary match the documented feature
 * dependencies (ACCOUNTING, MULTICURRENCY, SUBSIDIARIES); the others are well-known values, not
 * confirmed by Oracle's reference. Unknown codes fail loudly: add them here.
 */
export const STANDARD_SELECT_TYPES: Readonly<Record<string, string>> = {
  '-2': 'customer',
  '-4': 'employee',
  '-10': 'item',
  '-30': 'transaction',
  '-112': 'account',
  '-117': 'subsidiary',
  '-122': 'currency',
};

/**
 * Object types that do not affect running scripts: skipped and listed in `SdfProject.ignored`.
 * Any other unknown type fails loudly.
 */
export const IGNORED_OBJECT_TYPES: readonly string[] = [
  'entryform',
  'transactionform',
  'subtab',
  'sublist',
  'center',
  'centercategory',
  'centerlink',
  'centertab',
  'publisheddashboard',
  'translationcollection',
];

/** Script object types that are valid SDF but not run by the emulator: loading them fails loudly. */
const UNSUPPORTED_SCRIPT_TYPES = [
  'usereventscript',
  'clientscript',
  'workflowactionscript',
  'massupdatescript',
  'portlet',
  'bundleinstallationscript',
  'sdfinstallationscript',
  'plugintypeimpl',
  'customglplugin',
  'emailcaptureplugin',
];

/** Custom record "Access Type" (SDF `accesstype`); NetSuite's default requires Custom Record Entries. */
const ACCESS_TYPES: readonly CustomRecordAccessType[] = ['CUSTRECORDENTRYPERM', 'NONENEEDED', 'USEPERMISSIONLIST'];
const PERMISSION_LEVELS: readonly PermissionLevel[] = ['NONE', 'VIEW', 'CREATE', 'EDIT', 'FULL'];

const STATUSES: readonly DeploymentStatus[] = ['RELEASED', 'TESTING', 'NOTSCHEDULED', 'SCHEDULED'];
const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'AUDIT', 'ERROR', 'EMERGENCY'];

/** Deployment statuses each script type accepts (others fail). */
const STATUSES_BY_TYPE: Readonly<Record<ScriptObjectType, readonly DeploymentStatus[]>> = {
  restlet: ['RELEASED', 'TESTING'],
  suitelet: ['RELEASED', 'TESTING'],
  scheduledscript: ['NOTSCHEDULED', 'SCHEDULED', 'TESTING'],
  mapreducescript: ['NOTSCHEDULED', 'SCHEDULED', 'TESTING'],
};

function readXml(absolute: string, rel: string): XmlElement {
  const parsed = parseXml(fs.readFileSync(absolute, 'utf8'));
  if (!parsed.ok) throw sdfError(rel, '?xml', parsed.error);
  return parsed.root;
}

function selectType(r: ElementReader, fieldType: string): string | undefined {
  const raw = r.text('selectrecordtype');
  if (fieldType !== 'SELECT' && fieldType !== 'MULTISELECT') {
    if (raw !== undefined) throw r.error(`<selectrecordtype> is only valid on SELECT/MULTISELECT fields`);
    return undefined;
  }
  if (raw === undefined) throw r.error(`${fieldType} field needs <selectrecordtype>`);
  if (raw.startsWith('[')) return referenceTarget(raw);
  const standard = STANDARD_SELECT_TYPES[raw];
  if (!standard) throw r.error(`selectrecordtype ${raw} is not a record code the emulator knows`);
  return standard;
}

/** Typed default from `defaultvalue` / `defaultchecked`. */
function defaultOf(r: ElementReader, fieldType: string): FieldValue {
  const checked = r.bool('defaultchecked', false);
  const raw = r.text('defaultvalue');
  if (fieldType === 'CHECKBOX') {
    if (raw !== undefined) throw r.error('CHECKBOX fields take <defaultchecked>, not <defaultvalue>');
    return checked;
  }
  if (raw === undefined) return null;
  if (['INTEGER', 'FLOAT', 'CURRENCY', 'PERCENT'].includes(fieldType)) {
    const n = Number(raw.replace(/%$/, ''));
    if (!Number.isFinite(n) || (fieldType === 'INTEGER' && !Number.isInteger(n))) {
      throw r.error(`<defaultvalue> "${raw}" is not a valid ${fieldType}`);
    }
    return n;
  }
  if (['SELECT', 'MULTISELECT', 'DATE', 'DATETIMETZ'].includes(fieldType)) {
    throw r.error(`<defaultvalue> on ${fieldType} fields is not modelled`);
  }
  return raw;
}

function fieldType(r: ElementReader): { code: string; type: FieldType } {
  const code = r.requiredText('fieldtype');
  const type = FIELD_TYPES[code];
  if (type) return { code, type };
  if (UNMODELLED_FIELD_TYPES.includes(code)) throw r.error(`fieldtype ${code} is not modelled by the emulator`);
  throw r.error(`unknown fieldtype ${code}`);
}

/**
 * A text field's limit: its type's, or the field's own `<maxlength>` when lower (Oracle help, SDF
 * "customrecordcustomfield": maxlength is one of a custom field's elements).
 */
function maxLengthOf(r: ElementReader, code: string): number | undefined {
  const typeLimit = FIELD_MAX_LENGTHS[code];
  const raw = r.text('maxlength');
  if (raw === undefined || raw === '') return typeLimit;
  const own = Number(raw);
  if (!Number.isInteger(own) || own <= 0) throw r.error(`<maxlength> "${raw}" is not a positive whole number`);
  if (typeLimit === undefined) throw r.error(`<maxlength> is for text fields, not ${code}`);
  return Math.min(own, typeLimit);
}

// Form/UI settings of custom fields and record types: valid, irrelevant to stored data.
const FIELD_UI_LEAVES = [
  'accesslevel',
  'applyformatting',
  'checkspelling',
  'description',
  'displayheight',
  'displaytype',
  'displaywidth',
  'dynamicdefault',
  'encryptatrest',
  'globalsearch',
  'help',
  'isformula',
  'isparent',
  'linktext',
  'maxvalue',
  'minvalue',
  'onparentdelete',
  'parentsubtab',
  'rolerestrict',
  'searchcomparefield',
  'searchdefault',
  'searchlevel',
  'showinlist',
  'sourcefilterby',
  'sourcefrom',
  'sourcelist',
  'storevalue',
  'subtab',
  'defaultselection',
  'availableexternally',
  'showhierarchy',
  'allowquickadd',
  'fieldtypehelp',
];

function parseRecordField(r: ElementReader): FieldDef {
  const id = r.attr('scriptid');
  if (!/^custrecord[a-z0-9_]*$/.test(id)) throw r.error(`field scriptid "${id}" must start with custrecord`);
  const { code, type } = fieldType(r);
  const def: FieldDef = {
    id,
    type,
    label: r.requiredText('label'),
    mandatory: r.bool('ismandatory', false),
    defaultValue: defaultOf(r, code),
  };
  const target = selectType(r, code);
  if (target !== undefined) def.selectType = target;
  // Oracle help, SDF "customrecordcustomfield": defaultselection, a reference to the value selected by default.
  const selection = r.text('defaultselection');
  if (selection !== undefined && selection !== '') {
    if (code !== 'SELECT') throw r.error('<defaultselection> is for SELECT fields');
    def.defaultSelection = referenceTarget(selection);
  }
  const maxLength = maxLengthOf(r, code);
  if (maxLength !== undefined) def.maxLength = maxLength;
  r.ignore(...FIELD_UI_LEAVES, 'customfieldfilters', 'roleaccesses');
  r.finish();
  return def;
}

function parseCustomRecord(root: XmlElement, file: string): CustomRecordTypeDef {
  const r = new ElementReader(file, root);
  const type = r.attr('scriptid');
  if (!/^customrecord[a-z0-9_]*$/.test(type)) throw r.error(`scriptid "${type}" must start with customrecord`);
  const includeName = r.bool('includename', true);
  const isNumbered = r.bool('isnumbered', false);
  const fields: Record<string, FieldDef> = {
    // Standard custom record fields. Name is required when shown and not auto-numbered (guess, see README).
    name: { id: 'name', type: 'text', label: 'Name', mandatory: includeName && !isNumbered },
    isinactive: { id: 'isinactive', type: 'checkbox', label: 'Inactive', defaultValue: false },
    owner: { id: 'owner', type: 'select', label: 'Owner', selectType: 'employee' },
  };
  if (!includeName && !isNumbered) delete fields['name'];
  for (const fr of r.list('customrecordcustomfields', 'customrecordcustomfield')) {
    const field = parseRecordField(fr);
    if (fields[field.id]) throw fr.error(`duplicate field ${field.id}`);
    fields[field.id] = field;
  }
  const def: CustomRecordTypeDef = {
    type,
    kind: 'custom',
    label: r.text('recordname') ?? type,
    fields,
    sublists: {},
    includeName,
    isNumbered,
    isInactive: r.bool('isinactive', false),
    accessType: r.oneOf('accesstype', ACCESS_TYPES, 'CUSTRECORDENTRYPERM'),
    permittedRoles: r.list('permissions', 'permission').map((pr) => {
      const permitted = {
        role: referenceTarget(pr.requiredText('permittedrole')),
        level: pr.oneOf('permittedlevel', PERMISSION_LEVELS, 'NONE'),
      };
      pr.ignore('restriction', 'viewrestriction', 'searchlevel', 'restrictionlevel', 'defaultform');
      pr.finish();
      return permitted;
    }),
    file,
  };
  const instances = r.child('instances');
  if (instances && instances.children.length > 0) throw r.error('<instances> (bundled records) is not modelled');
  r.ignore('links', 'subtabs', 'recordsublists', 'customrecordtypeforms', 'translations');
  // Remaining leaves are record-type UI and access settings (allowattachments, accesstype, …).
  for (const leaf of r.unread()) {
    if (leaf.children.length > 0) throw r.error(`unknown element <${leaf.name}>`);
  }
  return def;
}

function paramValue(p: ScriptParameterDef, raw: string, r: ElementReader): ParamValue {
  switch (p.fieldType) {
    case 'CHECKBOX':
      if (raw !== 'T' && raw !== 'F') throw r.error(`${p.id} is a CHECKBOX: value must be T or F, got "${raw}"`);
      return raw === 'T';
    case 'INTEGER':
    case 'FLOAT':
    case 'CURRENCY':
    case 'PERCENT': {
      const n = Number(raw.replace(/%$/, ''));
      if (!Number.isFinite(n) || (p.fieldType === 'INTEGER' && !Number.isInteger(n))) {
        throw r.error(`${p.id} is ${p.fieldType}: "${raw}" is not valid`);
      }
      return n;
    }
    case 'SELECT':
      return referenceTarget(raw);
    default:
      return raw;
  }
}

function parseParameter(r: ElementReader): ScriptParameterDef {
  const id = r.attr('scriptid');
  if (!/^custscript[a-z0-9_]*$/.test(id)) throw r.error(`parameter scriptid "${id}" must start with custscript`);
  const { code } = fieldType(r);
  const def: ScriptParameterDef = {
    id,
    label: r.requiredText('label'),
    fieldType: code,
    mandatory: r.bool('ismandatory', false),
    defaultValue: null,
  };
  const target = selectType(r, code);
  if (target !== undefined) def.selectType = target;
  const fallback = defaultOf(r, code);
  def.defaultValue = fallback instanceof Date || Array.isArray(fallback) ? null : fallback;
  r.ignore(...FIELD_UI_LEAVES, 'maxlength', 'setting');
  r.finish();
  return def;
}

function parseDeployment(
  r: ElementReader,
  objectType: ScriptObjectType,
  parameters: ReadonlyMap<string, ScriptParameterDef>,
): DeploymentDef {
  const scriptId = r.attr('scriptid');
  if (!/^customdeploy[a-z0-9_]*$/.test(scriptId)) {
    throw r.error(`deployment scriptid "${scriptId}" must start with customdeploy`);
  }
  const allowed = STATUSES_BY_TYPE[objectType];
  const status = r.oneOf('status', STATUSES, 'TESTING');
  if (!allowed.includes(status)) throw r.error(`status ${status} is not valid for a ${objectType}`);
  const roles = (r.text('audslctrole') ?? '')
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(referenceTarget);
  const deployment: DeploymentDef = {
    scriptId,
    title: r.requiredText('title'),
    status,
    isDeployed: r.bool('isdeployed', true),
    logLevel: r.oneOf('loglevel', LOG_LEVELS, 'DEBUG'),
    allRoles: r.bool('allroles', false),
    roles,
    allEmployees: r.bool('allemployees', false),
    allPartners: r.bool('allpartners', false),
    isOnline: false,
    params: {},
  };
  const runAs = r.text('runasrole');
  if (runAs !== undefined) deployment.runAsRole = referenceTarget(runAs);
  if (objectType === 'suitelet') {
    deployment.isOnline = r.bool('isonline', false);
    // Oracle help, "link" (suitelet SDF object): menu links in a center; UI only, nothing for scripts.
    r.ignore('links');
  }
  if (objectType === 'mapreducescript') {
    deployment.concurrencyLimit = r.int('concurrencylimit', 1, 1, 1000);
    deployment.bufferSize = r.int('buffersize', 1, 1, 1000);
    deployment.yieldAfterMins = r.int('yieldaftermins', 60, 3, 60);
    deployment.queueAllStagesAtOnce = r.bool('queueallstagesatonce', true);
  }
  if (objectType === 'mapreducescript' || objectType === 'scheduledscript') {
    const rec = r.childReader('recurrence');
    if (rec) deployment.recurrence = parseRecurrence(rec);
    if (status === 'SCHEDULED' && !deployment.recurrence) throw r.error('a SCHEDULED deployment needs <recurrence>');
    r.ignore('priority');
  }
  r.ignore(
    'alllocalizationcontexts',
    'audemployee',
    'auddepartment',
    'audgroup',
    'audpartner',
    'audsubsidiary',
    'eventtype',
    'executioncontext',
  );
  const params: Record<string, ParamValue> = {};
  for (const extra of r.unread()) {
    const p = parameters.get(extra.name);
    if (!p) throw r.error(`unknown element <${extra.name}> (not a deployment field or a parameter of the script)`);
    r.ignore(extra.name);
    if (extra.children.length > 0) throw r.error(`parameter <${extra.name}> must hold text`);
    if (extra.text !== '') params[p.id] = paramValue(p, extra.text, r);
  }
  deployment.params = params;
  r.finish();
  return deployment;
}

function parseScript(root: XmlElement, file: string, objectType: ScriptObjectType): ScriptDef {
  const r = new ElementReader(file, root);
  const scriptId = r.attr('scriptid');
  if (!/^customscript[a-z0-9_]*$/.test(scriptId)) throw r.error(`scriptid "${scriptId}" must start with customscript`);
  const fileRef = r.requiredText('scriptfile');
  const fileMatch = /^\[(\/[^\]]+\.js)\]$/.exec(fileRef);
  if (!fileMatch?.[1]) throw r.error(`<scriptfile> must look like [/SuiteScripts/….js], got "${fileRef}"`);
  const parameters = new Map<string, ScriptParameterDef>();
  for (const pr of r.list('scriptcustomfields', 'scriptcustomfield')) {
    const p = parseParameter(pr);
    if (parameters.has(p.id)) throw pr.error(`duplicate parameter ${p.id}`);
    parameters.set(p.id, p);
  }
  const deployments: DeploymentDef[] = [];
  for (const dr of r.list('scriptdeployments', 'scriptdeployment')) {
    const d = parseDeployment(dr, objectType, parameters);
    if (deployments.some((x) => x.scriptId === d.scriptId)) throw dr.error(`duplicate deployment ${d.scriptId}`);
    deployments.push(d);
  }
  const def: ScriptDef = {
    scriptId,
    objectType,
    type: SCRIPT_OBJECT_TYPES[objectType],
    name: r.requiredText('name'),
    isInactive: r.bool('isinactive', false),
    scriptFile: fileMatch[1],
    parameters,
    deployments,
    file,
  };
  r.ignore(
    'description',
    'notifyadmins',
    'notifyemails',
    'notifygroup',
    'notifyowner',
    'notifyuser',
    'defaultfunction',
    'customplugintypes',
    'owner',
  );
  r.finish();
  return def;
}

function parseRole(root: XmlElement, file: string): RoleDef {
  const r = new ElementReader(file, root);
  const scriptId = r.attr('scriptid');
  const permissions = r.list('permissions', 'permission').map((pr) => {
    const permission = { key: pr.requiredText('permkey'), level: pr.requiredText('permlevel') };
    const restriction = pr.text('restriction');
    pr.finish();
    return restriction === undefined ? permission : { ...permission, restriction };
  });
  const name = r.requiredText('name');
  const fields: Record<string, string> = {};
  for (const leaf of r.unread()) {
    if (leaf.children.length === 0) fields[leaf.name] = leaf.text;
  }
  return { scriptId, name, permissions, fields, file };
}

function parseCustomList(root: XmlElement, file: string): CustomListDef {
  const r = new ElementReader(file, root);
  const values = r.list('customvalues', 'customvalue').map((vr) => {
    const id = vr.element.attributes['scriptid'];
    const value = { value: vr.requiredText('value'), isInactive: vr.bool('isinactive', false) };
    vr.ignore('abbreviation', 'translations');
    vr.finish();
    return id === undefined ? value : { ...value, scriptId: id };
  });
  return { scriptId: r.attr('scriptid'), name: r.requiredText('name'), values, file };
}

function parseManifest(root: XmlElement): ManifestDef {
  if (root.name !== 'manifest') throw sdfError('manifest.xml', root.name, 'root element must be <manifest>');
  const projectType = root.attributes['projecttype'];
  if (projectType !== 'ACCOUNTCUSTOMIZATION' && projectType !== 'SUITEAPP') {
    throw sdfError('manifest.xml', 'manifest', `projecttype must be ACCOUNTCUSTOMIZATION or SUITEAPP`);
  }
  const features: ManifestDef['features'] = [];
  const deps = root.children.find((c) => c.name === 'dependencies');
  for (const f of deps?.children.find((c) => c.name === 'features')?.children ?? []) {
    features.push({ name: f.text, required: f.attributes['required'] !== 'false' });
  }
  const projectName = root.children.find((c) => c.name === 'projectname')?.text ?? '';
  return { projectType, projectName, features };
}

/**
 * Reads an SDF project folder (the one holding manifest.xml): custom record types, scripts with
 * their deployments, secrets, roles and custom lists. Fails on the first malformed object, naming
 * the file and element.
 */
export function loadSdfProject(projectDir: string): SdfProject {
  const dir = path.resolve(projectDir);
  const manifestPath = path.join(dir, 'manifest.xml');
  if (!fs.existsSync(manifestPath)) throw sdfError(projectDir, 'manifest', 'no manifest.xml in the project folder');
  const manifest = parseManifest(readXml(manifestPath, 'manifest.xml'));
  const recordTypes = new Map<string, CustomRecordTypeDef>();
  const scripts = new Map<string, ScriptDef>();
  const secrets = new Map<string, SecretDef>();
  const roles = new Map<string, RoleDef>();
  const customLists = new Map<string, CustomListDef>();
  const ignored: SdfProject['ignored'] = [];
  const ids = new Set<string>();
  for (const absolute of listFiles(path.join(dir, 'Objects'))) {
    if (!absolute.endsWith('.xml')) continue;
    const file = path.relative(dir, absolute).split(path.sep).join('/');
    const root = readXml(absolute, file);
    const scriptId = root.attributes['scriptid'];
    if (scriptId !== undefined) {
      if (ids.has(scriptId)) throw sdfError(file, root.name, `scriptid ${scriptId} is defined twice in the project`);
      ids.add(scriptId);
    }
    if (root.name in SCRIPT_OBJECT_TYPES) {
      const script = parseScript(root, file, root.name as ScriptObjectType);
      scripts.set(script.scriptId, script);
    } else if (root.name === 'customrecordtype') {
      const def = parseCustomRecord(root, file);
      recordTypes.set(def.type, def);
    } else if (root.name === 'secret') {
      const r = new ElementReader(file, root);
      const id = r.attr('scriptid');
      if (!id.startsWith('custsecret')) throw r.error(`secret scriptid "${id}" must start with custsecret`);
      r.ignore('name', 'description', 'restrictions', 'restricttoscripts', 'restricttodomains', 'allowforallscripts');
      r.finish();
      secrets.set(id, { scriptId: id, file });
    } else if (root.name === 'role') {
      const role = parseRole(root, file);
      roles.set(role.scriptId, role);
    } else if (root.name === 'customlist') {
      const list = parseCustomList(root, file);
      customLists.set(list.scriptId, list);
    } else if (IGNORED_OBJECT_TYPES.includes(root.name)) {
      ignored.push({ file, type: root.name });
    } else if (UNSUPPORTED_SCRIPT_TYPES.includes(root.name)) {
      throw sdfError(file, root.name, `script type ${root.name} is not run by the emulator`);
    } else {
      throw sdfError(file, root.name, `object type ${root.name} is not modelled by the emulator`);
    }
  }
  for (const script of scripts.values()) {
    const absolute = path.join(dir, 'FileCabinet', ...script.scriptFile.split('/').filter(Boolean));
    if (!fs.existsSync(absolute)) {
      throw sdfError(script.file, `${script.objectType}/scriptfile`, `${script.scriptFile} is not in FileCabinet/`);
    }
  }
  return {
    dir,
    fileCabinetDir: path.join(dir, 'FileCabinet'),
    manifest,
    recordTypes,
    scripts,
    secrets,
    roles,
    customLists,
    ignored,
  };
}
