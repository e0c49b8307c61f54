import type { ModuleFactory } from '../context';
import { nsError, unsupported } from '../errors';
import { missingArgument, optionsObject, strict } from './strict-module';

/**
 * N/ui/serverWidget for Suitelets: forms with fields, field groups, LIST sublists, buttons and page links,
 * rendered to HTML by `ServerResponse.writePage` (serverWidgetHtml.ts). Oracle help, "N/ui/serverWidget
 * Module": enums are plain objects whose keys are their own string values ("serverWidget.FieldType",
 * "serverWidget.SublistType"). What a page needs a client script for (`functionName`, client script
 * paths), assistants, lists, tabs and sourced selects are refused with EMULATOR_UNSUPPORTED naming them.
 */

function enumOf<K extends string>(keys: readonly K[]): Readonly<Record<K, K>> {
  return Object.freeze(Object.fromEntries(keys.map((k) => [k, k])) as Record<K, K>);
}

// Oracle help, "serverWidget.FieldType" (DATETIME is listed but "not supported with addField methods").
export const FIELD_TYPES = [
  'CHECKBOX',
  'CURRENCY',
  'DATE',
  'DATETIME',
  'DATETIMETZ',
  'EMAIL',
  'FILE',
  'FLOAT',
  'HELP',
  'INLINEHTML',
  'INTEGER',
  'IMAGE',
  'LABEL',
  'LONGTEXT',
  'MULTISELECT',
  'PASSWORD',
  'PERCENT',
  'PHONE',
  'SELECT',
  'RADIO',
  'RICHTEXT',
  'TEXT',
  'TEXTAREA',
  'TIMEOFDAY',
  'URL',
] as const;
export type FieldTypeName = (typeof FIELD_TYPES)[number];
/** The types the emulator renders; the rest of FIELD_TYPES are refused as not modelled. */
const RENDERED_TYPES: readonly FieldTypeName[] = [
  'CHECKBOX',
  'CURRENCY',
  'DATE',
  'DATETIMETZ',
  'EMAIL',
  'FLOAT',
  'INLINEHTML',
  'INTEGER',
  'LABEL',
  'LONGTEXT',
  'PERCENT',
  'PHONE',
  'SELECT',
  'TEXT',
  'TEXTAREA',
  'URL',
];
// Oracle help, "Sublist.addField(options)": these values "are not supported with this method".
const NOT_ON_SUBLISTS: readonly string[] = [
  'DATETIME',
  'FILE',
  'HELP',
  'INLINEHTML',
  'LABEL',
  'LONGTEXT',
  'MULTISELECT',
  'RADIO',
  'RICHTEXT',
];
const DISPLAY_TYPES = ['DISABLED', 'ENTRY', 'HIDDEN', 'INLINE', 'NODISPLAY', 'NORMAL', 'READONLY'] as const;
export type DisplayTypeName = (typeof DISPLAY_TYPES)[number];
const LAYOUT_TYPES = ['ENDROW', 'NORMAL', 'MIDROW', 'OUTSIDE', 'OUTSIDEBELOW', 'OUTSIDEABOVE', 'STARTROW'] as const;
const BREAK_TYPES = ['NONE', 'STARTCOL', 'STARTROW'] as const;
const SUBLIST_TYPES = ['EDITOR', 'INLINEEDITOR', 'LIST', 'STATICLIST'] as const;
const PAGE_LINK_TYPES = ['BREADCRUMB', 'CROSSLINK'] as const;

export interface FieldModel {
  id: string;
  label: string;
  type: FieldTypeName;
  container: string | null;
  displayType: DisplayTypeName;
  layoutType: string;
  breakType: string;
  defaultValue: string;
  isMandatory: boolean;
  maxLength: number | null;
  help: string;
  options: { value: string; text: string; isSelected: boolean }[];
}

export interface SublistModel {
  id: string;
  label: string;
  type: 'LIST';
  fields: FieldModel[];
  /** Values by line (0-based), then field ID. */
  lines: Record<string, string | null>[];
  buttons: ButtonModel[];
}

export interface ButtonModel {
  id: string;
  label: string;
  submit: boolean;
}

export interface FormModel {
  title: string;
  fieldGroups: { id: string; label: string }[];
  fields: FieldModel[];
  sublists: SublistModel[];
  buttons: ButtonModel[];
  pageLinks: { title: string; type: string; url: string }[];
}

/** A form object's model, for ServerResponse.writePage. */
export const FORM_MODEL = Symbol.for('netsuite-emulator.serverWidgetForm');

function requiredText(opts: Record<string, unknown>, name: string): string {
  const value = opts[name];
  if (value === undefined || value === null || value === '') throw missingArgument(name);
  if (typeof value !== 'string') throw nsError('SSS_INVALID_TYPE_ARG', `${name} must be a string`);
  return value;
}

/** Options the emulator models; any other key fails naming it (strict by default). */
function onlyKeys(opts: Record<string, unknown>, call: string, allowed: readonly string[]): void {
  const extra = Object.keys(opts).filter((k) => !allowed.includes(k) && opts[k] !== undefined);
  if (extra.length > 0) throw unsupported(`${call} option(s) ${extra.join(', ')}`);
}

function oneOf<T extends string>(value: unknown, values: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw nsError('SSS_INVALID_TYPE_ARG', `${what} must be one of ${values.join(', ')}, not ${String(value)}`);
  }
  return value as T;
}

// Oracle help, "Form.addField(options)": "The internal ID must be in lowercase, contain no spaces".
function checkId(id: string, taken: ReadonlySet<string>, what: string): void {
  if (!/^[a-z0-9_]+$/.test(id)) {
    throw nsError('SSS_INVALID_FIELD_ID', `The ${what} ID ${id} must be lower case without spaces`);
  }
  if (taken.has(id)) throw nsError('SSS_DUPLICATE_FIELD_ID', `The ${what} ID ${id} is already on the form`);
}

function fieldObject(model: FieldModel) {
  return strict('serverWidget.Field', {
    get id() {
      return model.id;
    },
    get type() {
      return model.type.toLowerCase();
    },
    get label() {
      return model.label;
    },
    set label(value: string) {
      model.label = String(value);
    },
    get defaultValue() {
      return model.defaultValue;
    },
    set defaultValue(value: string) {
      model.defaultValue = value === null || value === undefined ? '' : String(value);
    },
    get isMandatory() {
      return model.isMandatory;
    },
    set isMandatory(value: boolean) {
      model.isMandatory = value === true;
    },
    get maxLength() {
      return model.maxLength ?? 0;
    },
    set maxLength(value: number) {
      model.maxLength = Number(value);
    },
    updateDisplayType(options: unknown) {
      const displayType = oneOf(optionsObject(options).displayType, DISPLAY_TYPES, 'displayType');
      if (displayType === 'NODISPLAY' || displayType === 'READONLY') {
        throw unsupported(`FieldDisplayType.${displayType}`);
      }
      model.displayType = displayType;
      return this;
    },
    updateLayoutType(options: unknown) {
      model.layoutType = oneOf(optionsObject(options).layoutType, LAYOUT_TYPES, 'layoutType');
      return this;
    },
    updateBreakType(options: unknown) {
      model.breakType = oneOf(optionsObject(options).breakType, BREAK_TYPES, 'breakType');
      return this;
    },
    setHelpText(options: unknown) {
      model.help = requiredText(optionsObject(options), 'help');
      return this;
    },
    addSelectOption(options: unknown) {
      if (model.type !== 'SELECT') throw nsError('SSS_INVALID_FIELD_TYPE', `${model.id} is not a select field`);
      const opts = optionsObject(options);
      const value = opts.value === undefined || opts.value === null ? missing('value') : String(opts.value);
      const text = requiredText(opts, 'text');
      model.options.push({ value, text, isSelected: opts.isSelected === true });
    },
  });
}

function missing(name: string): never {
  throw missingArgument(name);
}

/** The field of addField (form or sublist), after its options are checked. */
function newField(opts: Record<string, unknown>, call: string, onSublist: boolean): FieldModel {
  onlyKeys(opts, call, ['id', 'label', 'type', 'source', 'container']);
  const id = requiredText(opts, 'id');
  const label = requiredText(opts, 'label');
  const type = oneOf(String(opts.type ?? '').toUpperCase(), FIELD_TYPES, 'type');
  if (type === 'DATETIME') throw nsError('SSS_INVALID_TYPE_ARG', 'Use FieldType.DATETIMETZ: DATETIME is not supported');
  if (onSublist && NOT_ON_SUBLISTS.includes(type)) {
    throw nsError('SSS_INVALID_TYPE_ARG', `FieldType.${type} is not supported on sublists`);
  }
  if (!RENDERED_TYPES.includes(type)) throw unsupported(`FieldType.${type}`);
  if (opts.source !== undefined && opts.source !== null) throw unsupported(`${call} with a source (sourced selects)`);
  return {
    id,
    label,
    type,
    container: typeof opts.container === 'string' ? opts.container : null,
    displayType: 'NORMAL',
    layoutType: 'NORMAL',
    breakType: 'NONE',
    defaultValue: '',
    isMandatory: false,
    maxLength: null,
    help: '',
    options: [],
  };
}

function buttonObject(model: ButtonModel) {
  return strict('serverWidget.Button', {
    get label() {
      return model.label;
    },
    set label(value: string) {
      model.label = String(value);
    },
  });
}

function newButton(options: unknown, call: string, submit: boolean, index: number): ButtonModel {
  const opts = options === undefined ? {} : optionsObject(options);
  onlyKeys(opts, call, submit ? ['label'] : ['id', 'label']);
  if (!submit && opts.functionName !== undefined) throw unsupported(`${call} with functionName (client scripts)`);
  const label = submit ? (typeof opts.label === 'string' ? opts.label : 'Save') : requiredText(opts, 'label');
  const id = submit ? 'submitter' : requiredText(opts, 'id');
  return { id: submit ? id : id || `button${index}`, label, submit };
}

function sublistObject(model: SublistModel) {
  const fieldIds = () => new Set(model.fields.map((f) => f.id));
  return strict('serverWidget.Sublist', {
    get id() {
      return model.id;
    },
    get label() {
      return model.label;
    },
    get lineCount() {
      return model.lines.length;
    },
    addField(options: unknown) {
      const field = newField(optionsObject(options), 'Sublist.addField', true);
      checkId(field.id, fieldIds(), 'sublist field');
      model.fields.push(field);
      return fieldObject(field);
    },
    addButton(options: unknown) {
      const button = newButton(options, 'Sublist.addButton', false, model.buttons.length);
      model.buttons.push(button);
      return buttonObject(button);
    },
    // Oracle help, "Sublist.setSublistValue(options)": value is a string (null clears); lines count from 0.
    setSublistValue(options: unknown) {
      const opts = optionsObject(options);
      const id = requiredText(opts, 'id');
      if (!fieldIds().has(id)) throw nsError('SSS_INVALID_SUBLIST_FIELD', `${model.id} has no field ${id}`);
      const line = Number(opts.line);
      if (!Number.isInteger(line) || line < 0 || line > model.lines.length) {
        throw nsError(
          'SSS_INVALID_SUBLIST_OPERATION',
          `Line ${String(opts.line)} of ${model.id} (it has ${model.lines.length})`,
        );
      }
      if (opts.value !== null && typeof opts.value !== 'string') {
        throw nsError('SSS_INVALID_TYPE_ARG', `setSublistValue value must be a string, not ${typeof opts.value}`);
      }
      const row = model.lines[line] ?? (model.lines[line] = {});
      row[id] = opts.value;
    },
    getSublistValue(options: unknown) {
      const opts = optionsObject(options);
      return model.lines[Number(opts.line)]?.[requiredText(opts, 'id')] ?? null;
    },
  });
}

function formObject(model: FormModel) {
  const ids = () =>
    new Set([
      ...model.fields.map((f) => f.id),
      ...model.sublists.map((s) => s.id),
      ...model.fieldGroups.map((g) => g.id),
    ]);
  const form = {
    [FORM_MODEL]: model,
    get title() {
      return model.title;
    },
    set title(value: string) {
      model.title = String(value);
    },
    set clientScriptModulePath(_value: string) {
      throw unsupported('Form.clientScriptModulePath (client scripts)');
    },
    set clientScriptFileId(_value: number) {
      throw unsupported('Form.clientScriptFileId (client scripts)');
    },
    addField(options: unknown) {
      const field = newField(optionsObject(options), 'Form.addField', false);
      checkId(field.id, ids(), 'field');
      if (field.container !== null && !model.fieldGroups.some((g) => g.id === field.container)) {
        throw nsError('SSS_INVALID_CONTAINER', `No field group ${field.container} on the form (tabs are not modelled)`);
      }
      model.fields.push(field);
      return fieldObject(field);
    },
    addFieldGroup(options: unknown) {
      const opts = optionsObject(options);
      onlyKeys(opts, 'Form.addFieldGroup', ['id', 'label']);
      const group = { id: requiredText(opts, 'id'), label: requiredText(opts, 'label') };
      checkId(group.id, ids(), 'field group');
      model.fieldGroups.push(group);
      return strict('serverWidget.FieldGroup', {
        get label() {
          return group.label;
        },
        isBorderHidden: false,
        isCollapsible: false,
        isCollapsed: false,
        isSingleColumn: false,
      });
    },
    addSublist(options: unknown) {
      const opts = optionsObject(options);
      onlyKeys(opts, 'Form.addSublist', ['id', 'label', 'type']);
      const id = requiredText(opts, 'id');
      const label = requiredText(opts, 'label');
      const type = oneOf(opts.type, SUBLIST_TYPES, 'type');
      if (type !== 'LIST') throw unsupported(`SublistType.${type}`);
      checkId(id, ids(), 'sublist');
      const sublist: SublistModel = { id, label, type, fields: [], lines: [], buttons: [] };
      model.sublists.push(sublist);
      return sublistObject(sublist);
    },
    addButton(options: unknown) {
      const button = newButton(options, 'Form.addButton', false, model.buttons.length);
      model.buttons.push(button);
      return buttonObject(button);
    },
    addSubmitButton(options?: unknown) {
      // One submit button per form: a second replaces the first's label, as the page has one Save.
      const button = newButton(options, 'Form.addSubmitButton', true, model.buttons.length);
      const existing = model.buttons.find((b) => b.submit);
      if (existing) existing.label = button.label;
      else model.buttons.push(button);
      return buttonObject(existing ?? button);
    },
    addPageLink(options: unknown) {
      const opts = optionsObject(options);
      onlyKeys(opts, 'Form.addPageLink', ['title', 'type', 'url']);
      model.pageLinks.push({
        title: requiredText(opts, 'title'),
        type: oneOf(opts.type, PAGE_LINK_TYPES, 'type'),
        url: requiredText(opts, 'url'),
      });
    },
    getField(options: unknown) {
      const id = requiredText(optionsObject(options), 'id');
      const field = model.fields.find((f) => f.id === id);
      return field ? fieldObject(field) : null;
    },
    getSublist(options: unknown) {
      const id = requiredText(optionsObject(options), 'id');
      const sublist = model.sublists.find((s) => s.id === id);
      return sublist ? sublistObject(sublist) : null;
    },
  };
  return strict('serverWidget.Form', form);
}

export function createForm(options: unknown): object {
  const opts = optionsObject(options);
  onlyKeys(opts, 'serverWidget.createForm', ['title', 'hideNavBar']);
  const model: FormModel = {
    title: requiredText(opts, 'title'),
    fieldGroups: [],
    fields: [],
    sublists: [],
    buttons: [],
    pageLinks: [],
  };
  return formObject(model);
}

/** The model behind a form object, or undefined for anything else. */
export function formModelOf(page: unknown): FormModel | undefined {
  if (page === null || typeof page !== 'object') return undefined;
  return (page as { [FORM_MODEL]?: FormModel })[FORM_MODEL];
}

export const createServerWidgetModule: ModuleFactory = () =>
  strict('N/ui/serverWidget', {
    createForm,
    createList: () => {
      throw unsupported('serverWidget.createList');
    },
    createAssistant: () => {
      throw unsupported('serverWidget.createAssistant');
    },
    FieldType: enumOf(FIELD_TYPES),
    FieldDisplayType: enumOf(DISPLAY_TYPES),
    FieldLayoutType: enumOf(LAYOUT_TYPES),
    FieldBreakType: enumOf(BREAK_TYPES),
    SublistType: enumOf(SUBLIST_TYPES),
    SublistDisplayType: enumOf(['HIDDEN', 'NORMAL'] as const),
    FormPageLinkType: enumOf(PAGE_LINK_TYPES),
  });
