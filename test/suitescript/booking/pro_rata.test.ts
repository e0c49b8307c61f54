import {
  partialRefundLines,
  partialRefundLinesWithLineTax,
  spreadProRata,
  spreadWithLineTax,
} from '../../../src/suitescript/booking/proRata';

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

describe('partial refunds of lines carrying their own tax (Tax Mode per_line)', () => {
  // 33.33 + 3.33 tax (code 5), 10.01 exempt (code 6), 24.99 + 2.50 tax (code 5): net 68.33, tax 5.83, 74.16.
  const lines = [
    { item: 1, amountMinor: 3333, taxCode: 5, taxMinor: 333 },
    { item: 2, amountMinor: 1001, taxCode: 6, taxMinor: 0 },
    { item: 3, amountMinor: 2499, taxCode: 5, taxMinor: 250 },
  ];

  it('an awkward split: net and tax first, then each over its lines, to the cent', () => {
    // 10.00 of 74.16: net 6833 × 1000 / 7416 = 921.39, tax 583 × 1000 / 7416 = 78.61 → 921 + 78, the unit
    // left to the larger fraction (tax): 921 and 79.
    // Amounts over 921: 449.25, 134.92, 336.83 → 449, 134, 336 (919), 2 left to .92 and .83: 449, 135, 337.
    // Taxes over 79: 45.12, 0, 33.88 → 45, 0, 33 (78), 1 left to .88: 45, 0, 34.
    const spread = spreadWithLineTax(lines, 1000);
    expect(spread).toEqual([
      { item: 1, amountMinor: 449, taxCode: 5, taxMinor: 45 },
      { item: 2, amountMinor: 135, taxCode: 6, taxMinor: 0 },
      { item: 3, amountMinor: 337, taxCode: 5, taxMinor: 34 },
    ]);
    // The memo's total (amounts + taxtotal) is the refund; the tax account takes back 0.79.
    expect(spread.reduce((sum, line) => sum + line.amountMinor + line.taxMinor, 0)).toBe(1000);
  });

  it('a line with no tax code gets no tax; a discount line takes back its share of the amount only', () => {
    // 100.00 less a 20.00 discount, 8.00 tax on the 80.00: 88.00. Half of it: 50.00 − 10.00, tax 4.00.
    const discounted = [
      { item: 1, amountMinor: 10000, taxCode: 5, taxMinor: 800 },
      { item: 4, amountMinor: -2000 },
    ];
    expect(spreadWithLineTax(discounted, 4400)).toEqual([
      { item: 1, amountMinor: 5000, taxCode: 5, taxMinor: 400 },
      { item: 4, amountMinor: -1000 },
    ]);
  });

  it('all of it: the lines as they are', () => {
    expect(spreadWithLineTax(lines, 7416)).toEqual(lines);
  });

  it('refuses what cannot be spread: nothing, or more than amounts and tax together', () => {
    expect(() => spreadWithLineTax(lines, 0)).toThrow(RangeError);
    expect(() => spreadWithLineTax(lines, 7417)).toThrow(RangeError);
  });

  it('partialRefundLines spreads lines with tax codes with their tax, marked as a partial refund', () => {
    expect(partialRefundLines(lines, 1000, null, null)).toEqual([
      { item: 1, amountMinor: 449, taxCode: 5, taxMinor: 45, description: 'Stripe: partial refund' },
      { item: 2, amountMinor: 135, taxCode: 6, taxMinor: 0, description: 'Stripe: partial refund' },
      { item: 3, amountMinor: 337, taxCode: 5, taxMinor: 34, description: 'Stripe: partial refund' },
    ]);
  });

  it('with a Partial Refund Item: one line, the net part its amount, the tax part its tax on the taxed code', () => {
    // Net 9.21 and tax 0.79 as in the awkward split; the exempt line's net is on the one line too.
    expect(partialRefundLinesWithLineTax(lines, 1000, 9)).toEqual([
      { item: 9, amountMinor: 921, description: 'Stripe: partial refund', taxCode: 5, taxMinor: 79 },
    ]);
    // The tax item setting plays no part when the lines carry their tax.
    expect(partialRefundLines(lines, 1000, 77, 9)).toEqual(partialRefundLinesWithLineTax(lines, 1000, 9));
  });

  it('with a Partial Refund Item and no taxed line: the exempt code at 0, or no code at all', () => {
    expect(partialRefundLinesWithLineTax([{ item: 2, amountMinor: 1001, taxCode: 6, taxMinor: 0 }], 500, 9)).toEqual([
      { item: 9, amountMinor: 500, description: 'Stripe: partial refund', taxCode: 6, taxMinor: 0 },
    ]);
  });

  it('with a Partial Refund Item but taxed lines on two codes: spread over the lines instead', () => {
    const twoCodes = [
      { item: 1, amountMinor: 1000, taxCode: 5, taxMinor: 100 },
      { item: 3, amountMinor: 1000, taxCode: 7, taxMinor: 200 },
    ];
    // Half of 23.00: net 10.00 over the lines (5.00 each), tax 1.50 (0.50 and 1.00).
    expect(partialRefundLinesWithLineTax(twoCodes, 1150, 9)).toEqual([
      { item: 1, amountMinor: 500, taxCode: 5, taxMinor: 50, description: 'Stripe: partial refund' },
      { item: 3, amountMinor: 500, taxCode: 7, taxMinor: 100, description: 'Stripe: partial refund' },
    ]);
  });
});
