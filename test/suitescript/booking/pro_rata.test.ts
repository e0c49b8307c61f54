import { partialRefundLines, spreadProRata } from '../../../src/suitescript/booking/proRata';

describe("partial refunds spread across an invoice's lines", () => {
  // An invoice of 60.00 + 40.00 with 10.00 tax: 110.00.
  const lines = [
    { item: 1, amountMinor: 6000 },
    { item: 2, amountMinor: 4000 },
    { item: 77, amountMinor: 1000 },
  ];

  it('each line gets its share; the tax line its share of the tax', () => {
    // 55.00 is half the invoice: half of each line.
    expect(spreadProRata(lines, 5500)).toEqual([
      { item: 1, amountMinor: 3000 },
      { item: 2, amountMinor: 2000 },
      { item: 77, amountMinor: 500 },
    ]);
  });

  it('shares are whole minor units; what rounding down leaves goes to the largest fractions', () => {
    // 10.00 of 110.00: 545.45…, 363.63…, 90.90… → 545, 363, 90 (998): 2 left, to the .90 and the .63.
    expect(spreadProRata(lines, 1000)).toEqual([
      { item: 1, amountMinor: 545 },
      { item: 2, amountMinor: 364 },
      { item: 77, amountMinor: 91 },
    ]);
  });

  it('a discount line takes back its share too', () => {
    const discounted = [
      { item: 1, amountMinor: 10000 },
      { item: 5, amountMinor: -2000 },
    ];
    expect(spreadProRata(discounted, 4000)).toEqual([
      { item: 1, amountMinor: 5000 },
      { item: 5, amountMinor: -1000 },
    ]);
  });

  it('refuses what cannot be spread', () => {
    expect(() => spreadProRata(lines, 0)).toThrow(RangeError);
    expect(() => spreadProRata(lines, 11001)).toThrow(RangeError);
  });

  it('with a Partial Refund Item: one line on it, the tax share on the tax item', () => {
    expect(partialRefundLines(lines, 5500, 77, 9)).toEqual([
      { item: 9, amountMinor: 5000, description: 'Stripe: partial refund' },
      { item: 77, amountMinor: 500, description: 'Stripe: partial refund' },
    ]);
  });
});
