import { ScriptHost, runSuitelet } from '../src/runtimes';
import { loadSdfProject } from '../src/sdf';
import { createServerWidgetModule } from '../src/modules/serverWidget';
import { startHttpFront, UI_SESSION_COOKIE, type HttpFront } from '../src/http/server';
import type { ScriptHost as HttpHost } from '../src/http/host';
import type { ScriptUser } from '../src/context';
import { fakeModules, fakeServices, scriptXml, tempProject } from './fixtures/fakes';

/**
 * N/ui/serverWidget in a Suitelet, one test per behaviour, each naming its source (Oracle help pages of the
 * "N/ui/serverWidget Module"); rendering is the emulator's own HTML (its README).
 */
function suitelet(
  body: string,
): (method: string, extra?: { body?: string; parameters?: Record<string, string> }) => ReturnType<typeof runSuitelet> {
  const source = `/**\n * @NApiVersion 2.1\n * @NScriptType Suitelet\n */\ndefine(['N/ui/serverWidget'], (ui) => ({ onRequest: (context) => {\n${body}\n} }));\n`;
  const dir = tempProject({
    'Objects/customscript_w_sl.xml': scriptXml('suitelet', 'customscript_w_sl', '/SuiteScripts/w.js'),
    'FileCabinet/SuiteScripts/w.js': source,
  });
  const services = fakeServices();
  const base = fakeModules();
  const host = new ScriptHost({
    project: loadSdfProject(dir),
    services,
    createModules: (context) => ({ ...base(context), 'N/ui/serverWidget': createServerWidgetModule(context) }),
  });
  return (method, extra = {}) =>
    runSuitelet(host, {
      scriptId: 'customscript_w_sl',
      deploymentId: 'customdeploy_w_sl',
      method,
      authenticated: true,
      headers: extra.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      body: extra.body ?? '',
      parameters: extra.parameters ?? {},
    });
}

const FORM = `
  const form = ui.createForm({ title: 'Console' });
  form.addPageLink({ type: ui.FormPageLinkType.CROSSLINK, title: 'Events', url: '/app/common/custom/custrecordentrylist.nl?rectype=1' });
  form.addFieldGroup({ id: 'health', label: 'Health' });
  const depth = form.addField({ id: 'depth', label: 'Queue depth', type: ui.FieldType.INTEGER, container: 'health' });
  depth.defaultValue = '3';
  depth.updateDisplayType({ displayType: ui.FieldDisplayType.INLINE });
  form.addField({ id: 'stripe_id', label: 'Stripe ID', type: ui.FieldType.TEXT }).defaultValue = 'cus_<1>';
  const action = form.addField({ id: 'action', label: 'Action', type: ui.FieldType.SELECT });
  action.addSelectOption({ value: 'retry', text: 'Retry selected' });
  action.addSelectOption({ value: 'sync', text: 'Sync now', isSelected: true });
  const list = form.addSublist({ id: 'parked', label: 'Parked events', type: ui.SublistType.LIST });
  list.addField({ id: 'pick', label: 'Select', type: ui.FieldType.CHECKBOX }).updateDisplayType({ displayType: ui.FieldDisplayType.ENTRY });
  list.addField({ id: 'event', label: 'Event', type: ui.FieldType.TEXT });
  list.setSublistValue({ id: 'event', line: 0, value: 'evt_1' });
  list.setSublistValue({ id: 'event', line: 1, value: 'evt_2' });
  form.addButton({ id: 'noop', label: 'Does nothing' });
  form.addSubmitButton({ label: 'Run' });
`;

describe('N/ui/serverWidget', () => {
  it('holds enums whose values are their keys (Oracle help, "serverWidget.FieldType", "serverWidget.SublistType")', () => {
    const run = suitelet(
      `context.response.write(JSON.stringify([ui.FieldType.TEXT, ui.FieldType.DATETIMETZ, ui.SublistType.LIST, ui.FieldDisplayType.INLINE]));`,
    );
    expect(JSON.parse(run('GET').body)).toEqual(['TEXT', 'DATETIMETZ', 'LIST', 'INLINE']);
  });

  it('writes every field, group, sublist line, button and page link of the form (Oracle help, "ServerResponse.writePage(options)")', () => {
    const page = suitelet(`${FORM} context.response.writePage(form);`)('GET');
    expect(page.error).toBeUndefined();
    expect(page.status).toBe(200);
    const html = page.body;
    expect(html).toContain('<title>Console</title>');
    expect(html).toContain('<form method="POST">');
    expect(html).toMatch(
      /<fieldset id="health"><legend>Health<\/legend>.*Queue depth.*<span id="depth" class="inline">3<\/span>/s,
    );
    expect(html).toContain('name="stripe_id" id="stripe_id" value="cus_&#60;1&#62;"');
    expect(html).toContain('<option value="sync" selected>Sync now</option>');
    expect(html).toContain('<caption>Parked events (2)</caption>');
    expect(html).toMatch(/<input type="checkbox" name="parked:pick:1"/);
    expect(html).toContain('evt_2<input type="hidden" name="parked:event:1" value="evt_2">');
    expect(html).toContain('<button type="button" id="noop">Does nothing</button>');
    expect(html).toContain('<button type="submit" name="submitter" value="Run" id="submitter">Run</button>');
    expect(html).toContain(
      '<a href="/app/common/custom/custrecordentrylist.nl?rectype=1" class="crosslink">Events</a>',
    );
  });

  it('reads posted sublist lines with getLineCount/getSublistValue, an unticked box F (Oracle help, "ServerRequest.getSublistValue(options)")', () => {
    const run = suitelet(`const r = context.request; const n = r.getLineCount({ group: 'parked' });
      const picks = []; for (let i = 0; i < n; i++) picks.push(r.getSublistValue({ group: 'parked', name: 'pick', line: i }) + r.getSublistValue({ group: 'parked', name: 'event', line: i }));
      context.response.write(JSON.stringify({ n, picks, none: r.getLineCount({ group: 'other' }), action: r.parameters.action }));`);
    const body =
      'parked%3Apick%3A0=F&parked%3Aevent%3A0=evt_1&parked%3A_line%3A0=&parked%3Apick%3A1=T&parked%3Apick%3A1=F&parked%3Aevent%3A1=evt_2&action=retry';
    expect(JSON.parse(run('POST', { body }).body)).toEqual({
      n: 2,
      picks: ['Fevt_1', 'Tevt_2'],
      none: -1,
      action: 'retry',
    });
  });

  it('refuses field types Sublist.addField does not support (Oracle help, "Sublist.addField(options)")', () => {
    const run =
      suitelet(`const form = ui.createForm({ title: 'x' }); const list = form.addSublist({ id: 's', label: 'S', type: ui.SublistType.LIST });
      list.addField({ id: 'h', label: 'H', type: ui.FieldType.INLINEHTML });`);
    expect(run('GET').error).toEqual({
      name: 'SSS_INVALID_TYPE_ARG',
      message: 'FieldType.INLINEHTML is not supported on sublists',
    });
  });

  it('refuses DATETIME in addField: "you must specify DATETIMETZ" (Oracle help, "serverWidget.FieldType")', () => {
    const run = suitelet(
      `ui.createForm({ title: 'x' }).addField({ id: 'd', label: 'D', type: ui.FieldType.DATETIME });`,
    );
    expect(run('GET').error?.name).toBe('SSS_INVALID_TYPE_ARG');
  });

  it('refuses a missing title with SSS_MISSING_REQD_ARGUMENT (Oracle help, "serverWidget.createForm(options)")', () => {
    expect(suitelet(`ui.createForm({});`)('GET').error?.name).toBe('SSS_MISSING_REQD_ARGUMENT');
  });

  it('refuses ids with capitals or spaces (Oracle help, "Form.addField(options)": lowercase, no spaces)', () => {
    const run = suitelet(
      `ui.createForm({ title: 'x' }).addField({ id: 'My Field', label: 'D', type: ui.FieldType.TEXT });`,
    );
    expect(run('GET').error?.name).toBe('SSS_INVALID_FIELD_ID');
  });

  it('takes only strings in setSublistValue, line by line from 0 (Oracle help, "Sublist.setSublistValue(options)")', () => {
    const start = `const s = ui.createForm({ title: 'x' }).addSublist({ id: 's', label: 'S', type: ui.SublistType.LIST }); s.addField({ id: 'n', label: 'N', type: ui.FieldType.INTEGER });`;
    expect(suitelet(`${start} s.setSublistValue({ id: 'n', line: 0, value: 5 });`)('GET').error?.name).toBe(
      'SSS_INVALID_TYPE_ARG',
    );
    expect(suitelet(`${start} s.setSublistValue({ id: 'n', line: 2, value: '5' });`)('GET').error?.name).toBe(
      'SSS_INVALID_SUBLIST_OPERATION',
    );
  });

  it.each([
    [
      'SublistType.INLINEEDITOR',
      `ui.createForm({ title: 'x' }).addSublist({ id: 's', label: 'S', type: ui.SublistType.INLINEEDITOR });`,
    ],
    ['Form.clientScriptModulePath', `ui.createForm({ title: 'x' }).clientScriptModulePath = './cs.js';`],
    ['functionName', `ui.createForm({ title: 'x' }).addButton({ id: 'b', label: 'B', functionName: 'go' });`],
    [
      'option(s) tab',
      `ui.createForm({ title: 'x' }).addSublist({ id: 's', label: 'S', type: ui.SublistType.LIST, tab: 't' });`,
    ],
    [
      'sourced selects',
      `ui.createForm({ title: 'x' }).addField({ id: 'c', label: 'C', type: ui.FieldType.SELECT, source: 'customer' });`,
    ],
  ])('refuses what it does not model, naming it: %s (strict by default)', (named, code) => {
    const error = suitelet(code)('GET').error;
    expect(error?.name).toBe('EMULATOR_UNSUPPORTED');
    expect(error?.message).toContain(named);
  });
});

describe('HTTP front: internal Suitelets with a UI session (the emulator stand-in for NetSuite login)', () => {
  const user: ScriptUser = {
    id: 7,
    name: 'Admin',
    email: 'a@example.invalid',
    role: '3',
    roleId: 'administrator',
    subsidiary: 1,
  };
  let front: HttpFront;
  const calls: unknown[] = [];
  const host: HttpHost = {
    findDeployment: () => ({
      kind: 'suitelet',
      scriptId: 's',
      deploymentId: 'd',
      availableWithoutLogin: false,
      audienceRoles: ['administrator'],
    }),
    runRestlet: async () => ({ ok: true, value: '' }),
    runSuitelet: async (request) => {
      calls.push(request.user);
      return { ok: true, value: { headers: {}, body: `<p>${request.method}</p>` } };
    },
  };
  beforeAll(async () => {
    front = await startHttpFront({
      host,
      accountId: 'TSTDRV1',
      concurrencyLimit: 1,
      integrations: [],
      tokens: [],
      uiSessions: [{ id: 'abc', user }],
    });
  });
  afterAll(() => front.close());

  it('answers 401 without the session cookie and runs the Suitelet as the session user with it', async () => {
    expect((await fetch(front.suiteletUrl('s', 'd'))).status).toBe(401);
    const res = await fetch(front.suiteletUrl('s', 'd'), {
      method: 'POST',
      headers: { cookie: `${UI_SESSION_COOKIE}=abc` },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<p>POST</p>');
    expect(calls).toEqual([user]);
  });
});
