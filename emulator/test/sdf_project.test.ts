import * as path from 'node:path';
import { loadSdfProject, occurrences, type Recurrence } from '../src/sdf';
import { BASIC_PROJECT, scriptXml, tempProject } from './fixtures/fakes';

function loadError(files: Record<string, string>): string {
  try {
    loadSdfProject(tempProject(files));
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'no error';
}

const FILE = { 'FileCabinet/SuiteScripts/x.js': '' };

describe('SDF project: custom record types', () => {
  const project = loadSdfProject(BASIC_PROJECT);
  const def = project.recordTypes.get('customrecord_t_event');

  it('reads custom fields with NetSuite field types, mandatory flags, defaults and select targets', () => {
    expect(def).toMatchObject({ type: 'customrecord_t_event', kind: 'custom', label: 'Test Event', sublists: {} });
    expect(def?.fields).toMatchObject({
      custrecord_t_event_id: { type: 'text', mandatory: true, label: 'Event ID', defaultValue: null },
      custrecord_t_payload: { type: 'textarea' },
      custrecord_t_attempts: { type: 'integer', defaultValue: 0 },
      custrecord_t_done: { type: 'checkbox', defaultValue: true },
      custrecord_t_received: { type: 'datetime' },
      custrecord_t_customer: { type: 'select', selectType: 'customer' },
      custrecord_t_parent: { type: 'select', selectType: 'customrecord_t_event' },
      custrecord_t_amount: { type: 'currency' },
    });
  });

  it('adds the standard custom record fields', () => {
    expect(def?.fields['name']).toMatchObject({ type: 'text', mandatory: true });
    expect(def?.fields['isinactive']).toMatchObject({ type: 'checkbox', defaultValue: false });
    expect(def?.fields['owner']).toMatchObject({ type: 'select', selectType: 'employee' });
  });

  it('drops the name field when the type has none, and does not require it when numbered', () => {
    const record = (settings: string) =>
      loadSdfProject(
        tempProject({
          'Objects/customrecord_x.xml': `<customrecordtype scriptid="customrecord_x">${settings}</customrecordtype>`,
        }),
      ).recordTypes.get('customrecord_x');
    expect(record('<includename>F</includename>')?.fields['name']).toBeUndefined();
    expect(record('<isnumbered>T</isnumbered>')?.fields['name']?.mandatory).toBe(false);
  });

  it('fails on malformed fields, naming the file and element', () => {
    const field = (body: string) => ({
      'Objects/customrecord_x.xml': `<customrecordtype scriptid="customrecord_x"><customrecordcustomfields><customrecordcustomfield scriptid="custrecord_x_f">${body}</customrecordcustomfield></customrecordcustomfields></customrecordtype>`,
    });
    expect(loadError(field('<fieldtype>BLOB</fieldtype><label>F</label>'))).toBe(
      'SDF_INVALID_OBJECT: Objects/customrecord_x.xml: <customrecordtype/customrecordcustomfields/customrecordcustomfield>: unknown fieldtype BLOB',
    );
    expect(loadError(field('<fieldtype>SELECT</fieldtype><label>F</label>'))).toMatch(
      /SELECT field needs <selectrecordtype>/,
    );
    expect(
      loadError(field('<fieldtype>SELECT</fieldtype><label>F</label><selectrecordtype>-999</selectrecordtype>')),
    ).toMatch(/selectrecordtype -999 is not a record code/);
    expect(loadError(field('<fieldtype>IMAGE</fieldtype><label>F</label>'))).toMatch(/IMAGE is not modelled/);
    expect(loadError(field('<fieldtype>TEXT</fieldtype>'))).toMatch(/missing <label>/);
    expect(loadError(field('<fieldtype>TEXT</fieldtype><label>F</label><ismandatory>yes</ismandatory>'))).toMatch(
      /<ismandatory> must be T or F/,
    );
    expect(loadError(field('<fieldtype>INTEGER</fieldtype><label>F</label><defaultvalue>1.5</defaultvalue>'))).toMatch(
      /not a valid INTEGER/,
    );
  });
});

describe('SDF project: scripts and deployments', () => {
  const project = loadSdfProject(BASIC_PROJECT);

  it('reads RESTlets with parameters, typed deployment values and audience roles', () => {
    const rl = project.scripts.get('customscript_t_rl');
    expect(rl).toMatchObject({
      type: 'restlet',
      scriptFile: '/SuiteScripts/t/rl.js',
      name: 'Test RESTlet',
      isInactive: false,
    });
    expect(rl?.parameters.get('custscript_t_greeting')).toMatchObject({ fieldType: 'TEXT', defaultValue: 'hello' });
    expect(rl?.parameters.get('custscript_t_flag')).toMatchObject({ fieldType: 'CHECKBOX', defaultValue: false });
    expect(rl?.deployments.map((d) => d.scriptId)).toEqual(['customdeploy_t_rl', 'customdeploy_t_rl_off']);
    expect(rl?.deployments[0]).toMatchObject({
      status: 'RELEASED',
      isDeployed: true,
      logLevel: 'AUDIT',
      allRoles: false,
      roles: ['ADMINISTRATOR', 'customrole_t_integration'],
      params: { custscript_t_limit: 25, custscript_t_flag: true },
    });
    expect(rl?.deployments[1]).toMatchObject({ status: 'TESTING', isDeployed: false, logLevel: 'DEBUG', params: {} });
  });

  it('reads Suitelet isonline and Map/Reduce processing settings', () => {
    const sl = project.scripts.get('customscript_t_sl');
    expect(sl?.deployments.map((d) => d.isOnline)).toEqual([true, false]);
    const mr = project.scripts.get('customscript_t_mr');
    expect(mr?.deployments[0]).toMatchObject({
      concurrencyLimit: 5,
      bufferSize: 1,
      yieldAfterMins: 60,
      queueAllStagesAtOnce: true,
    });
    expect(mr?.deployments[1]).toMatchObject({ concurrencyLimit: 1, yieldAfterMins: 60 });
  });

  it('reads recurrence schedules', () => {
    const ss = project.scripts.get('customscript_t_ss');
    expect(ss?.deployments[0]?.recurrence).toEqual({
      kind: 'daily',
      everyXDays: 1,
      repeatMinutes: 15,
      start: new Date('2026-01-05T08:00:00Z'),
    });
    expect(project.scripts.get('customscript_t_mr')?.deployments[2]?.recurrence).toMatchObject({
      kind: 'weekly',
      everyXWeeks: 1,
      days: ['MONDAY', 'THURSDAY'],
    });
  });

  it('keeps secrets, roles and the list of ignored objects as data', () => {
    expect([...project.secrets.keys()]).toEqual(['custsecret_t_key']);
    expect(project.roles.get('customrole_t_integration')).toMatchObject({
      name: 'Test Integration',
      permissions: [
        { key: 'LIST_CUSTRECORDENTRY', level: 'FULL' },
        { key: 'ADMI_RESTWEBSERVICES', level: 'FULL' },
      ],
      fields: { centertype: 'BASIC', issalesrole: 'F' },
    });
    expect(project.ignored).toEqual([{ file: 'Objects/custform_t_ignored.xml', type: 'entryform' }]);
    expect(project.manifest.features).toEqual([
      { name: 'SERVERSIDESCRIPTING', required: true },
      { name: 'CUSTOMRECORDS', required: true },
    ]);
  });

  it('fails loudly on script objects it cannot run faithfully', () => {
    const rl = (deployment: string, extra = '') => ({
      ...FILE,
      'Objects/customscript_x.xml': scriptXml('restlet', 'customscript_x', '/SuiteScripts/x.js', [deployment], extra),
    });
    expect(
      loadError(
        rl(
          '<scriptdeployment scriptid="customdeploy_x"><status>RELEASED</status><title>t</title><color>red</color></scriptdeployment>',
        ),
      ),
    ).toBe(
      'SDF_INVALID_OBJECT: Objects/customscript_x.xml: <restlet/scriptdeployments/scriptdeployment>: unknown element <color> (not a deployment field or a parameter of the script)',
    );
    expect(
      loadError(
        rl('<scriptdeployment scriptid="customdeploy_x"><status>SCHEDULED</status><title>t</title></scriptdeployment>'),
      ),
    ).toMatch(/status SCHEDULED is not valid for a restlet/);
    expect(
      loadError(rl('<scriptdeployment scriptid="customdeploy_x"><status>RELEASED</status></scriptdeployment>')),
    ).toMatch(/missing <title>/);
    expect(loadError(rl('<scriptdeployment scriptid="deploy_x"><title>t</title></scriptdeployment>'))).toMatch(
      /must start with customdeploy/,
    );
    expect(
      loadError(
        rl(
          '<scriptdeployment scriptid="customdeploy_x"><title>t</title></scriptdeployment>',
          '<owner>1</owner><debug>T</debug>',
        ),
      ),
    ).toMatch(/<restlet>: unknown element <debug>/);
    expect(
      loadError({ 'Objects/customscript_x.xml': scriptXml('restlet', 'customscript_x', '/SuiteScripts/missing.js') }),
    ).toMatch(/\/SuiteScripts\/missing\.js is not in FileCabinet/);
    expect(
      loadError({
        ...FILE,
        'Objects/customscript_x.xml': '<usereventscript scriptid="customscript_x"><name>x</name></usereventscript>',
      }),
    ).toMatch(/script type usereventscript is not run by the emulator/);
    expect(loadError({ 'Objects/customsearch_x.xml': '<savedsearch scriptid="customsearch_x"/>' })).toMatch(
      /object type savedsearch is not modelled/,
    );
    expect(loadError({ 'Objects/broken.xml': '<restlet scriptid="customscript_x">' })).toMatch(
      /^SDF_INVALID_OBJECT: Objects\/broken\.xml/,
    );
    expect(
      loadError({
        ...FILE,
        'Objects/a.xml': scriptXml('restlet', 'customscript_x', '/SuiteScripts/x.js'),
        'Objects/b.xml': scriptXml('restlet', 'customscript_x', '/SuiteScripts/x.js'),
      }),
    ).toMatch(/defined twice/);
  });

  it('fails on bad schedules', () => {
    const mr = (deployment: string) => ({
      ...FILE,
      'Objects/customscript_x.xml': scriptXml('mapreducescript', 'customscript_x', '/SuiteScripts/x.js', [deployment]),
    });
    expect(
      loadError(
        mr('<scriptdeployment scriptid="customdeploy_x"><status>SCHEDULED</status><title>t</title></scriptdeployment>'),
      ),
    ).toMatch(/SCHEDULED deployment needs <recurrence>/);
    const daily = (inner: string) =>
      mr(
        `<scriptdeployment scriptid="customdeploy_x"><status>SCHEDULED</status><title>t</title><recurrence><daily>${inner}</daily></recurrence></scriptdeployment>`,
      );
    expect(
      loadError(
        daily(
          '<startdate>2026-01-01</startdate><starttime>01:00:00Z</starttime><everyxdays>1</everyxdays><repeat>15M</repeat>',
        ),
      ),
    ).toMatch(/<repeat> must look like PT15M/);
    expect(loadError(daily('<startdate>2026-01-01</startdate><starttime>01:00:00Z</starttime>'))).toMatch(
      /missing <everyxdays>/,
    );
    expect(
      loadError(daily('<startdate>01/01/2026</startdate><starttime>01:00:00Z</starttime><everyxdays>1</everyxdays>')),
    ).toMatch(/<startdate> must be YYYY-MM-DD/);
  });

  it('loads the connector project in src/', () => {
    const real = loadSdfProject(path.join(__dirname, '..', '..', 'src'));
    expect(real.scripts.get('customscript_snc_info_rl')).toMatchObject({
      type: 'restlet',
      scriptFile: '/SuiteScripts/stripe-netsuite-connector/entrypoints/snc_info_restlet.js',
      deployments: [{ scriptId: 'customdeploy_snc_info_rl', status: 'RELEASED', roles: ['ADMINISTRATOR'] }],
    });
  });
});

describe('recurrence', () => {
  const at = (iso: string) => new Date(iso);
  const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

  it('repeats within each run day from the start time', () => {
    const r: Recurrence = { kind: 'daily', everyXDays: 2, repeatMinutes: 360, start: at('2026-01-05T08:00:00Z') };
    expect(iso(occurrences(r, at('2026-01-04T00:00:00Z'), at('2026-01-07T23:59:00Z')))).toEqual([
      '2026-01-05T08:00:00.000Z',
      '2026-01-05T14:00:00.000Z',
      '2026-01-05T20:00:00.000Z',
      '2026-01-07T08:00:00.000Z',
      '2026-01-07T14:00:00.000Z',
      '2026-01-07T20:00:00.000Z',
    ]);
    // The lower bound is exclusive, the upper inclusive.
    expect(iso(occurrences(r, at('2026-01-05T08:00:00Z'), at('2026-01-05T14:00:00Z')))).toEqual([
      '2026-01-05T14:00:00.000Z',
    ]);
  });

  it('runs single events once, weekdays only on Monday to Friday, and stops at the end date', () => {
    const single: Recurrence = { kind: 'single', start: at('2026-01-05T08:00:00Z') };
    expect(iso(occurrences(single, at('2026-01-01T00:00:00Z'), at('2026-12-31T00:00:00Z')))).toEqual([
      '2026-01-05T08:00:00.000Z',
    ]);
    const weekdays: Recurrence = {
      kind: 'everyweekday',
      start: at('2026-01-02T09:00:00Z'),
      endDate: at('2026-01-06T00:00:00Z'),
    };
    // 2 Jan 2026 is a Friday.
    expect(iso(occurrences(weekdays, at('2026-01-01T00:00:00Z'), at('2026-01-31T00:00:00Z')))).toEqual([
      '2026-01-02T09:00:00.000Z',
      '2026-01-05T09:00:00.000Z',
      '2026-01-06T09:00:00.000Z',
    ]);
  });

  it('handles weekly days and n-th weekday of the month', () => {
    const weekly: Recurrence = {
      kind: 'weekly',
      everyXWeeks: 2,
      days: ['MONDAY', 'THURSDAY'],
      start: at('2026-01-01T02:30:00Z'),
    };
    expect(iso(occurrences(weekly, at('2026-01-01T00:00:00Z'), at('2026-01-20T00:00:00Z')))).toEqual([
      '2026-01-01T02:30:00.000Z',
      '2026-01-12T02:30:00.000Z',
      '2026-01-15T02:30:00.000Z',
    ]);
    const monthly: Recurrence = {
      kind: 'monthlydayofweek',
      everyXMonths: 1,
      orderOfWeek: 'SECOND',
      dayOfWeek: 'MONDAY',
      start: at('2026-01-01T01:00:00Z'),
    };
    expect(iso(occurrences(monthly, at('2026-01-01T00:00:00Z'), at('2026-03-31T00:00:00Z')))).toEqual([
      '2026-01-12T01:00:00.000Z',
      '2026-02-09T01:00:00.000Z',
      '2026-03-09T01:00:00.000Z',
    ]);
  });
});
