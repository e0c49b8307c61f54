import type { FieldModel, FormModel, SublistModel } from './serverWidget';

/**
 * A serverWidget form as HTML. It does not look like NetSuite's page; it holds every field, field group,
 * sublist, button and page link the script added, and the form posts back to the Suitelet's own URL (no
 * `action`: the browser posts to the page's address, query string included), as NetSuite's Suitelet forms do.
 *
 * Sublist values travel as one form field per cell, `<sublist>:<field>:<line>` (the emulator's own wire format:
 * NetSuite encodes sublists differently, and scripts read both through ServerRequest.getSublistValue).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:sans-serif;margin:1.5em;color:#222}h1{font-size:1.4em}
fieldset{border:1px solid #ccc;margin:0 0 1em;padding:.5em 1em}legend{font-weight:bold}
.field{margin:.3em 0;display:flex;gap:.5em}.field label{flex:0 0 15em;color:#555}
table{border-collapse:collapse;margin:.5em 0 1em}caption{text-align:left;font-weight:bold;padding:.3em 0;white-space:nowrap}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#eee}
nav a{margin-right:1em}.buttons{margin:1em 0}button{margin-right:.5em;padding:.3em .8em}`;

/** A hidden input on every line, so a line whose cells post nothing still counts. */
const LINE_MARKER = '_line';

export function sublistInputName(sublist: string, field: string, line: number): string {
  return `${sublist}:${field}:${line}`;
}

function control(field: FieldModel, name: string, value: string): string {
  const attrs = `name="${escapeHtml(name)}" id="${escapeHtml(name)}"${field.displayType === 'DISABLED' ? ' disabled' : ''}${field.isMandatory ? ' required' : ''}${field.maxLength ? ` maxlength="${field.maxLength}"` : ''}`;
  switch (field.type) {
    case 'CHECKBOX':
      // The hidden F after the box: an unticked box posts F (the first value of a name wins, see suitelet.ts).
      return `<input type="checkbox" ${attrs} value="T"${value === 'T' ? ' checked' : ''}><input type="hidden" name="${escapeHtml(name)}" value="F">`;
    case 'TEXTAREA':
    case 'LONGTEXT':
      return `<textarea ${attrs} rows="3" cols="60">${escapeHtml(value)}</textarea>`;
    case 'SELECT': {
      const options = field.options
        .map((o) => {
          const selected = value === '' ? o.isSelected : o.value === value;
          return `<option value="${escapeHtml(o.value)}"${selected ? ' selected' : ''}>${escapeHtml(o.text)}</option>`;
        })
        .join('');
      return `<select ${attrs}>${options}</select>`;
    }
    default:
      return `<input type="text" ${attrs} value="${escapeHtml(value)}">`;
  }
}

/** An INLINE field shows its value as text; HIDDEN fields are posted but not shown. */
function shown(field: FieldModel, name: string, value: string): string {
  if (field.type === 'INLINEHTML') return `<div id="${escapeHtml(name)}">${value}</div>`;
  if (field.displayType === 'HIDDEN')
    return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
  if (field.type === 'LABEL' || field.displayType === 'INLINE') {
    return `<span id="${escapeHtml(name)}" class="inline">${escapeHtml(value)}</span>`;
  }
  return control(field, name, value);
}

function bodyField(field: FieldModel): string {
  const value = shown(field, field.id, field.defaultValue);
  if (field.displayType === 'HIDDEN' || field.type === 'INLINEHTML') return value;
  const help = field.help ? ` title="${escapeHtml(field.help)}"` : '';
  return `<div class="field" data-field="${escapeHtml(field.id)}"><label for="${escapeHtml(field.id)}"${help}>${escapeHtml(field.label)}</label> ${value}</div>`;
}

function sublistCell(sublist: SublistModel, field: FieldModel, line: number): string {
  const value = sublist.lines[line]?.[field.id] ?? '';
  const name = sublistInputName(sublist.id, field.id, line);
  // Only ENTRY fields of a LIST sublist are editable (Oracle help, "serverWidget.SublistType": LIST).
  if (field.displayType === 'ENTRY') return control(field, name, value);
  const hidden = `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
  if (field.displayType === 'HIDDEN') return hidden;
  return `${escapeHtml(value)}${hidden}`;
}

function sublistTable(sublist: SublistModel): string {
  const visible = sublist.fields.filter((f) => f.displayType !== 'HIDDEN');
  const hidden = sublist.fields.filter((f) => f.displayType === 'HIDDEN');
  const head = visible.map((f) => `<th data-field="${escapeHtml(f.id)}">${escapeHtml(f.label)}</th>`).join('');
  const rows = sublist.lines
    .map((_, line) => {
      const cells = visible.map((f) => `<td>${sublistCell(sublist, f, line)}</td>`).join('');
      const extra = hidden.map((f) => sublistCell(sublist, f, line)).join('');
      const marker = `<input type="hidden" name="${escapeHtml(sublistInputName(sublist.id, LINE_MARKER, line))}" value="">`;
      return `<tr data-line="${line}">${cells.replace(/<\/td>$/, `${extra}${marker}</td>`)}</tr>`;
    })
    .join('');
  const buttons = sublist.buttons.map(
    (b) => `<button type="button" id="${escapeHtml(b.id)}">${escapeHtml(b.label)}</button>`,
  );
  return `<table id="${escapeHtml(sublist.id)}" class="sublist"><caption>${escapeHtml(sublist.label)} (${sublist.lines.length})</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>${buttons.join('')}`;
}

export function renderForm(form: FormModel): string {
  const links = form.pageLinks
    .map((l) => `<a href="${escapeHtml(l.url)}" class="${l.type.toLowerCase()}">${escapeHtml(l.title)}</a>`)
    .join('');
  const loose = form.fields.filter((f) => f.container === null).map(bodyField);
  const groups = form.fieldGroups.map((g) => {
    const fields = form.fields
      .filter((f) => f.container === g.id)
      .map(bodyField)
      .join('');
    return `<fieldset id="${escapeHtml(g.id)}"><legend>${escapeHtml(g.label)}</legend>${fields}</fieldset>`;
  });
  const buttons = form.buttons
    .map((b) =>
      b.submit
        ? `<button type="submit" name="submitter" value="${escapeHtml(b.label)}" id="submitter">${escapeHtml(b.label)}</button>`
        : `<button type="button" id="${escapeHtml(b.id)}">${escapeHtml(b.label)}</button>`,
    )
    .join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(form.title)}</title><style>${STYLE}</style></head><body>
<nav>${links}</nav><h1>${escapeHtml(form.title)}</h1>
<form method="POST">${loose.join('')}${groups.join('')}${form.sublists.map(sublistTable).join('')}<div class="buttons">${buttons}</div></form>
</body></html>`;
}

/** Sublist values of a posted form: line count and value by sublist, as ServerRequest reads them. */
export function postedSublists(parameters: Readonly<Record<string, string>>): Map<string, Record<string, string>[]> {
  const out = new Map<string, Record<string, string>[]>();
  for (const [key, value] of Object.entries(parameters)) {
    const match = /^([a-z0-9_]+):([a-z0-9_]+):(\d+)$/.exec(key);
    if (!match) continue;
    const [, sublist = '', field = '', line = '0'] = match;
    const lines = out.get(sublist) ?? [];
    out.set(sublist, lines);
    const row = lines[Number(line)] ?? (lines[Number(line)] = {});
    if (field !== LINE_MARKER) row[field] = value;
  }
  for (const lines of out.values()) for (let i = 0; i < lines.length; i++) lines[i] ??= {};
  return out;
}
