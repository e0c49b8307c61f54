import { fitText, utf8Bytes } from '../../src/suitescript/text';

describe('text that must fit a NetSuite field (limits in UTF-8 bytes)', () => {
  it('counts UTF-8 bytes as TextEncoder does', () => {
    for (const text of ['', 'abc', 'é', '€', '😀', 'a😀é€']) {
      expect(utf8Bytes(text)).toBe(new TextEncoder().encode(text).length);
    }
  });

  it('keeps text that fits as it is', () => {
    expect(fitText('x'.repeat(4000), 4000)).toEqual({ text: 'x'.repeat(4000), cut: false });
  });

  it('cuts longer text to its start, says so, and stays within the limit even with wide characters', () => {
    const long = `start ${'😀'.repeat(3000)}`;
    const fitted = fitText(long, 4000);
    expect(fitted.cut).toBe(true);
    expect(fitted.text.startsWith('start 😀')).toBe(true);
    expect(fitted.text.endsWith(`[cut: ${long.length} characters in all]`)).toBe(true);
    expect(new TextEncoder().encode(fitted.text).length).toBeLessThanOrEqual(4000);
    // No lone surrogate where the text was cut.
    expect(fitted.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
