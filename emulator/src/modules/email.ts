import type * as email from 'N/email';
import type { ModuleFactory } from '../context';
import { UNITS } from '../governance';
import { nsError, unsupported } from '../errors';
import { missingArgument, optionsObject, strict, withPromise } from './strict-module';

/** email.sendBulk costs 10 units in NetSuite (email.send 20); governance.ts has no entry for it. */
export const SEND_BULK_UNITS = 10;
/** NetSuite accepts at most 10 recipients, 10 cc and 10 bcc per message. */
export const MAX_RECIPIENTS = 10;

function addresses(value: unknown, field: string, required: boolean): string[] {
  if (value === undefined || value === null || value === '') {
    if (required) throw missingArgument(field);
    return [];
  }
  const list = (Array.isArray(value) ? (value as unknown[]) : [value]).map((v) => String(v).trim());
  if (required && list.length === 0) throw missingArgument(field);
  if (list.length > MAX_RECIPIENTS) {
    throw nsError('SSS_INVALID_EMAIL_RECIPIENTS', `Too many ${field}: ${list.length} (maximum ${MAX_RECIPIENTS})`);
  }
  for (const address of list) {
    // An entry is an internal ID (employee, contact, …) or an email address.
    if (!/^\d+$/.test(address) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      throw nsError('INVALID_EMAILS_FOUND', `Invalid email address in ${field}: ${address}`);
    }
  }
  return list;
}

export type EmailModule = Pick<typeof email, 'send' | 'sendBulk'>;

export const createEmailModule: ModuleFactory<EmailModule> = ({ services, invocation }) => {
  const sender = (call: string, units: number) => (options: Parameters<(typeof email)['send']>[0]) => {
    const opts = optionsObject(options);
    if (opts.author === undefined || opts.author === null || opts.author === '') throw missingArgument('author');
    const author = Number(opts.author);
    if (!Number.isInteger(author))
      throw nsError('SSS_INVALID_TYPE_ARG', `author must be an employee internal ID: ${String(opts.author)}`);
    const recipients = addresses(opts.recipients, 'recipients', true);
    addresses(opts.cc, 'cc', false);
    addresses(opts.bcc, 'bcc', false);
    if (typeof opts.subject !== 'string' || opts.subject === '') throw missingArgument('subject');
    if (typeof opts.body !== 'string') throw missingArgument('body');
    if (Array.isArray(opts.attachments) && opts.attachments.length > 0) throw unsupported(`${call} with attachments`);
    invocation.charge(call, units);
    services.emails.push({ author, recipients, subject: opts.subject, body: opts.body, at: services.now() });
  };
  const mod = {
    send: withPromise(sender('email.send', UNITS['email.send'])),
    sendBulk: withPromise(sender('email.sendBulk', SEND_BULK_UNITS)),
  } satisfies EmailModule;
  return strict('N/email', mod);
};
