import { dayAfter, dayStart } from '../../web/shared/format';

/** The admin's day filters mean the shop's days: the instant each day starts in the shop's zone. */
describe("a shop's day as instants (admin date filters)", () => {
  const dayOf = (instant: number, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);

  it('starts the day at the zone’s midnight, not UTC’s', () => {
    expect(dayStart('2026-12-06', 'UTC')).toBe('2026-12-06T00:00:00.000Z');
    expect(dayStart('2026-12-06', 'America/Los_Angeles')).toBe('2026-12-06T08:00:00.000Z');
    expect(dayStart('2026-12-06', 'Pacific/Auckland')).toBe('2026-12-05T11:00:00.000Z');
    expect(dayStart('2026-12-06', 'Asia/Kolkata')).toBe('2026-12-05T18:30:00.000Z');
  });

  it('puts an order placed late in the UTC day into the shop’s next day', () => {
    // 23:30 UTC on 5 Dec is 12:30 on 6 Dec in Auckland: inside [6 Dec, 7 Dec) there, outside in UTC.
    const placed = Date.parse('2026-12-05T23:30:00Z');
    const [from, to] = [dayStart('2026-12-06', 'Pacific/Auckland'), dayStart(dayAfter('2026-12-06'), 'Pacific/Auckland')].map(Date.parse);
    expect(placed >= from! && placed < to!).toBe(true);
    expect(placed >= Date.parse(dayStart('2026-12-06', 'UTC'))).toBe(false);
  });

  it('is the first instant of the day on daylight-saving days, midnight skipped or repeated', () => {
    const cases: [string, string][] = [
      ['2026-03-08', 'America/New_York'], // spring forward at 02:00
      ['2026-11-01', 'America/New_York'], // fall back at 02:00
      ['2026-09-06', 'America/Santiago'], // midnight skipped: the day starts at 01:00
      ['2026-04-05', 'America/Santiago'], // midnight repeated: the day starts at the second one
      ['2026-03-29', 'Europe/London'],
    ];
    for (const [day, zone] of cases) {
      const start = Date.parse(dayStart(day, zone));
      expect([day, zone, dayOf(start, zone)]).toEqual([day, zone, day]);
      expect(dayOf(start - 1, zone) < day).toBe(true);
    }
  });

  it('counts the next calendar day across months and years', () => {
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
  });
});
