import { addWorkingMinutes, type BusinessCalendar } from './business-calendar';

const AROUND_THE_CLOCK: BusinessCalendar = { business_hours: null, holidays: [] };
const BERLIN_OFFICE: BusinessCalendar = {
  business_hours: { time_zone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  holidays: [],
};
const at = (iso: string) => new Date(iso);

describe('addWorkingMinutes', () => {
  it('adds plain minutes around the clock', () => {
    expect(addWorkingMinutes(at('2026-12-05T23:30:00Z'), 60, AROUND_THE_CLOCK)).toEqual(at('2026-12-06T00:30:00Z'));
  });

  it('counts only business hours, local to the zone', () => {
    // Thursday 16:00 Berlin (15:00 UTC): one hour today, three on Friday from 09:00.
    expect(addWorkingMinutes(at('2026-12-03T15:00:00Z'), 4 * 60, BERLIN_OFFICE)).toEqual(at('2026-12-04T11:00:00Z'));
  });

  it('starts a ticket raised out of hours at the next opening', () => {
    // Saturday: nothing until Monday 09:00 Berlin (08:00 UTC).
    expect(addWorkingMinutes(at('2026-12-05T12:00:00Z'), 30, BERLIN_OFFICE)).toEqual(at('2026-12-07T08:30:00Z'));
    // Friday 18:00, after closing: Monday too.
    expect(addWorkingMinutes(at('2026-12-04T17:00:00Z'), 30, BERLIN_OFFICE)).toEqual(at('2026-12-07T08:30:00Z'));
  });

  it('skips holidays, in business hours and around the clock', () => {
    const withHoliday = { ...BERLIN_OFFICE, holidays: ['2026-12-04'] };
    expect(addWorkingMinutes(at('2026-12-03T15:00:00Z'), 2 * 60, withHoliday)).toEqual(at('2026-12-07T09:00:00Z'));
    const closedSunday = { business_hours: null, holidays: ['2026-12-06'] };
    expect(addWorkingMinutes(at('2026-12-05T23:00:00Z'), 2 * 60, closedSunday)).toEqual(at('2026-12-07T01:00:00Z'));
  });

  it('keeps the local hours across a DST change', () => {
    // Berlin leaves summer time on Sunday 25 October 2026: Monday opens at 09:00 CET, 08:00 UTC.
    expect(addWorkingMinutes(at('2026-10-23T14:00:00Z'), 2 * 60, BERLIN_OFFICE)).toEqual(at('2026-10-26T09:00:00Z'));
  });

  it('uses a window that runs to midnight', () => {
    const late = {
      business_hours: { time_zone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], start: '20:00', end: '24:00' },
      holidays: [],
    };
    expect(addWorkingMinutes(at('2026-12-03T23:00:00Z'), 90, late)).toEqual(at('2026-12-04T20:30:00Z'));
  });

  it('refuses a calendar with no working time left in it', () => {
    const everyMondayOff = {
      business_hours: { time_zone: 'UTC', days: [1], start: '09:00', end: '10:00' },
      holidays: [],
    };
    expect(() => addWorkingMinutes(at('2026-12-03T00:00:00Z'), 60 * 24 * 365, everyMondayOff)).toThrow(
      /No working time/,
    );
  });
});
