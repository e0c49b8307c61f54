import { depositAccounts } from '../../../src/suitescript/booking/payouts';
import { parseCategoryAccounts, SettingsError } from '../../../src/suitescript/settings';
import { BOOKING } from './fakes';

describe('deposit accounts from the settings', () => {
  it('dispute fees default to the fee account, reinstated funds to the income account', () => {
    const accounts = depositAccounts({ ...BOOKING, feeAccount: 61, incomeAccount: 40 }, 9);
    expect(accounts).toMatchObject({ bank: 9, fees: 61, disputeFees: 61, byCategory: { dispute_reversal: 40 } });
  });

  it('the Dispute Fee and Dispute Reinstatement Account settings take their lines', () => {
    const booking = { ...BOOKING, feeAccount: 61, disputeFeeAccount: 63, disputeReinstatementAccount: 48 };
    expect(depositAccounts(booking, 9)).toMatchObject({ disputeFees: 63, byCategory: { dispute_reversal: 48 } });
  });

  it('no income account and no reinstatement account: dispute_reversal stays unmapped', () => {
    expect(depositAccounts({ ...BOOKING, incomeAccount: null }, 9).byCategory).not.toHaveProperty('dispute_reversal');
  });

  it('the returned funds of a failed payout whose deposit was reversed go to Undeposited Funds', () => {
    const booking = { ...BOOKING, undepositedFundsAccount: 12 };
    expect(depositAccounts(booking, 9).byCategory).toMatchObject({ reversed_payout: 12 });
  });
});

describe('Reporting Category Account records', () => {
  it('each category takes its mapped account; dispute_reversal stays with its settings field', () => {
    const accounts = depositAccounts({ ...BOOKING, feeAccount: 61, incomeAccount: 40 }, 9, {
      topup: 70,
      transfer: 71,
      dispute_reversal: 72,
    });
    expect(accounts.byCategory).toEqual({ topup: 70, transfer: 71, dispute_reversal: 40, reversed_payout: 2 });
  });

  it('rows read into a map, the category trimmed', () => {
    expect(
      parseCategoryAccounts([
        { id: 1, category: 'other_adjustment', account: 80 },
        { id: 2, category: ' platform_earning ', account: '81' },
      ]),
    ).toEqual({ other_adjustment: 80, platform_earning: 81 });
  });

  it.each([
    ['Topup', 'must be a Stripe reporting category'],
    ['other-adjustment', 'must be a Stripe reporting category'],
    ['', 'must be a Stripe reporting category'],
  ])('a category spelled %j is refused, naming the record', (category, message) => {
    expect(() => parseCategoryAccounts([{ id: 5, category, account: 80 }])).toThrow(
      new SettingsError(
        `Reporting Category Account 5: custrecord_snc_cat_category ${message} (lower case and _, e.g. other_adjustment), not "${category}"`,
      ),
    );
  });

  it('a category mapped twice is refused', () => {
    const rows = [
      { id: 5, category: 'topup', account: 80 },
      { id: 6, category: 'topup', account: 81 },
    ];
    expect(() => parseCategoryAccounts(rows)).toThrow(
      'Reporting Category Account 6: topup is mapped by another record too',
    );
  });

  it('a category named like an Object property is an ordinary own key', () => {
    const accounts = parseCategoryAccounts([{ id: 7, category: '__proto__', account: 90 }]);
    expect(Object.getPrototypeOf(accounts)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(accounts, '__proto__')).toBe(true);
  });
});
