import type * as NTransaction from 'N/transaction';
import { requireLevel } from '../access';
import type { ModuleFactory } from '../context';
import { nsError } from '../errors';
import type { RecordEngine } from '../records/engine';
import { missingArgument, optionsObject, strict, withPromise } from './strict-module';

/** Governance of transaction.void (Oracle help, "transaction.void(options)": 10 units). */
export const VOID_UNITS = 10;

/** transaction.Type values as the N/record types they name (Oracle help, "transaction.Type"). */
const TYPES: Readonly<Record<string, string>> = {
  CASH_REFUND: 'cashrefund',
  CASH_SALE: 'cashsale',
  CHECK: 'check',
  CREDIT_MEMO: 'creditmemo',
  CUSTOMER_DEPOSIT: 'customerdeposit',
  CUSTOMER_PAYMENT: 'customerpayment',
  CUSTOMER_REFUND: 'customerrefund',
  DEPOSIT: 'deposit',
  INVOICE: 'invoice',
  JOURNAL_ENTRY: 'journalentry',
  SALES_ORDER: 'salesorder',
};

/**
 * N/transaction (Oracle help, "N/transaction Module"): `void` and `void.promise` over the record engine's
 * direct void. Errors as "transaction.void(options)" lists them: SSS_MISSING_REQD_ARGUMENT without type or
 * id, INVALID_RECORD_TYPE for a type that is not voidable, THAT_RECORD_DOES_NOT_EXIST for an unknown id.
 */
export function createTransactionModuleWith(records: RecordEngine): ModuleFactory<typeof NTransaction> {
  return (context) => {
    const voidTransaction = (options: { type: string; id: number | string }): number => {
      const o = optionsObject(options);
      if (typeof o['type'] !== 'string' || o['type'] === '') throw missingArgument('type');
      if (o['id'] === undefined || o['id'] === null || o['id'] === '') throw missingArgument('id');
      const type = o['type'].toLowerCase();
      if (!records.store.schemas.has(type))
        throw nsError(
          'INVALID_RECORD_TYPE',
          'The type argument passed is not valid or the record type is not voidable.',
        );
      // Voiding changes the transaction: the running role needs Edit on it (a guess, emulator README).
      if (context.role) requireLevel(context.role, type, 'EDIT');
      context.invocation.charge('transaction.void', VOID_UNITS);
      return records.voidTransaction(type, Number(o['id']));
    };
    const module = { Type: { ...TYPES }, void: withPromise(voidTransaction) };
    return strict('N/transaction', module) as unknown as typeof NTransaction;
  };
}
