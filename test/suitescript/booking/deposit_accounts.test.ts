import { depositAccounts } from '../../../src/suitescript/booking/payouts';
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
