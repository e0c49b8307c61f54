import * as fs from 'node:fs';
import * as path from 'node:path';
import { levelFor, resolveRole } from '../../emulator/src/access';
import { loadSdfProject } from '../../emulator/src/sdf';

const projectDir = path.join(__dirname, '../../src');
const objects = (file: string): string => fs.readFileSync(path.join(projectDir, 'Objects', file), 'utf8');

describe('what an admin and an accountant see (src/Objects)', () => {
  it('the Accountant role views events, payout reconciliations, cross-references and settings, and edits none', () => {
    const project = loadSdfProject(projectDir);
    const role = resolveRole(project, 'customrole_snc_accountant');
    for (const type of [
      'customrecord_snc_event',
      'customrecord_snc_payout',
      'customrecord_snc_xref',
      'customrecord_snc_settings',
    ]) {
      expect([type, levelFor(role, type, project.recordTypes.get(type))]).toEqual([type, 'VIEW']);
    }
    expect(levelFor(role, 'customrecord_snc_writeback', project.recordTypes.get('customrecord_snc_writeback'))).toBe(
      'NONE',
    );
  });

  // Oracle help, "Custom Record Type Object Subtabs": a record's subtabs, referenced by its fields'
  // `subtab` as [scriptid=customrecord_x.tab_y].
  it('every settings field sits on one of the settings record subtabs', () => {
    const xml = objects('customrecord_snc_settings.xml');
    const tabs = [...xml.matchAll(/<subtab scriptid="(\w+)">/g)].map((m) => m[1]);
    expect(tabs).toHaveLength(8);
    const fields = [
      ...xml.matchAll(/<customrecordcustomfield scriptid="(\w+)">([\s\S]*?)<\/customrecordcustomfield>/g),
    ];
    for (const [, field, body] of fields) {
      const tab = /<subtab>\[scriptid=customrecord_snc_settings\.(\w+)\]<\/subtab>/.exec(body ?? '')?.[1];
      expect([field, tabs.includes(tab)]).toEqual([field, true]);
    }
  });

  it('the event and payout lists show the columns an admin scans', () => {
    const shown = (file: string): string[] =>
      [...objects(file).matchAll(/<customrecordcustomfield scriptid="(\w+)">([\s\S]*?)<\/customrecordcustomfield>/g)]
        .filter((m) => (m[2] ?? '').includes('<showinlist>T</showinlist>'))
        .map((m) => m[1] ?? '');
    expect(shown('customrecord_snc_event.xml')).toEqual([
      'custrecord_snc_evt_type',
      'custrecord_snc_evt_object',
      'custrecord_snc_evt_created_at',
      'custrecord_snc_evt_status',
      'custrecord_snc_evt_attempts',
      'custrecord_snc_evt_error',
      'custrecord_snc_evt_received_at',
    ]);
    expect(shown('customrecord_snc_payout.xml')).toEqual([
      'custrecord_snc_po_status',
      'custrecord_snc_po_amount',
      'custrecord_snc_po_deposit',
      'custrecord_snc_po_problems',
      'custrecord_snc_po_problem_since_at',
    ]);
  });
});
