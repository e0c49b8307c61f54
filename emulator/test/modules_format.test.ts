import { configureFormat, createFormatModule } from '../src/modules/format';
import { platformFixture, thrown } from './helpers/platform';

describe('N/format', () => {
  const setup = () => {
    const fixture = platformFixture();
    return { ...fixture, format: createFormatModule(fixture.context) };
  };
  const fmt = (f: ReturnType<typeof createFormatModule>, value: unknown, type: string, timezone?: string) =>
    f.format({ value, type, ...(timezone ? { timezone } : {}) } as never) as string;
  const parse = (f: ReturnType<typeof createFormatModule>, value: string, type: string) =>
    f.parse({ value, type } as never) as unknown;

  it('formats dates in the user date format (M/D/YYYY) and time zone (America/Los_Angeles)', () => {
    const { format } = setup();
    const instant = new Date('2026-11-21T18:30:05Z');
    expect(fmt(format, instant, format.Type.DATE)).toBe('11/21/2026');
    expect(fmt(format, instant, format.Type.DATETIME)).toBe('11/21/2026 10:30 am');
    expect(fmt(format, instant, format.Type.DATETIMETZ)).toBe('11/21/2026 10:30:05 am');
    expect(fmt(format, instant, format.Type.DATETIME, format.Timezone.ASIA_TOKYO)).toBe('11/22/2026 3:30 am');
    // Late evening in Los Angeles is already the next day in UTC.
    expect(fmt(format, new Date('2026-11-22T06:00:00Z'), format.Type.DATE)).toBe('11/21/2026');
  });

  it('parses dates as midnight / wall-clock time in the user time zone, across DST', () => {
    const { format } = setup();
    expect((parse(format, '3/8/2026', 'date') as Date).toISOString()).toBe('2026-03-08T08:00:00.000Z');
    expect((parse(format, '3/8/2026 3:30 am', 'datetime') as Date).toISOString()).toBe('2026-03-08T10:30:00.000Z');
    expect((parse(format, '11/21/2026 10:30:05 pm', 'datetimetz') as Date).toISOString()).toBe(
      '2026-11-22T06:30:05.000Z',
    );
    expect(thrown(() => parse(format, '2/30/2026', 'date')).name).toBe('INVALID_FLD_VALUE');
    expect(thrown(() => parse(format, '2026-02-03', 'date')).name).toBe('INVALID_FLD_VALUE');
  });

  it('follows a configured date format', () => {
    const { format, services } = setup();
    configureFormat(services, { dateFormat: 'DD.MM.YYYY', timeFormat: 'HH:mm', timeZone: 'Europe/Paris' });
    expect(fmt(format, new Date('2026-01-05T23:30:00Z'), 'datetime')).toBe('06.01.2026 00:30');
    expect((parse(format, '06.01.2026', 'date') as Date).toISOString()).toBe('2026-01-05T23:00:00.000Z');
  });

  it('formats and parses numbers, percents and checkboxes', () => {
    const { format } = setup();
    expect(fmt(format, 1234.5, 'currency')).toBe('1,234.50');
    expect(fmt(format, -0.5, 'currency')).toBe('-0.50');
    expect(fmt(format, 1234.125, 'float')).toBe('1,234.125');
    expect(fmt(format, 12, 'integer')).toBe('12');
    expect(fmt(format, 12.5, 'percent')).toBe('12.5%');
    expect(fmt(format, true, 'checkbox')).toBe('T');
    expect(parse(format, '1,234.50', 'currency')).toBe(1234.5);
    expect(parse(format, '7.25%', 'percent')).toBe(7.25);
    expect(parse(format, 'F', 'checkbox')).toBe(false);
    expect(thrown(() => parse(format, 'abc', 'float')).name).toBe('INVALID_FLD_VALUE');
    expect(thrown(() => parse(format, '1.5', 'integer')).name).toBe('INVALID_FLD_VALUE');
    expect(thrown(() => fmt(format, 'x', 'phone')).name).toBe('EMULATOR_UNSUPPORTED');
  });
});
