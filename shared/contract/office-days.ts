// Office days and hot desks: my coming weeks (home or office), a floor's desks on a day, booking a
// desk for a day, a range or recurring weekdays, cancelling, and the team's office days. The main
// process asks the office on each call; a refused booking comes back as an answer (why, which
// days, a free desk), not an error, so the section can offer the other desk.
import { z } from 'zod';
import {
  BookRequest,
  Booking,
  BookingRefusal,
  CancelBookingsRequest,
  DateOnly,
  DeskPolicy,
  FloorPlanResponse,
  Id,
  OfficeDaysResponse,
  SitesResponse,
} from '../office-api';
import { defineArea } from './define';

export const OfficeWeeksSchema = z.object({
  from: DateOnly,
  to: DateOnly,
  bookings: z.array(Booking),
  people: OfficeDaysResponse.shape.people,
  teamDays: z.array(DateOnly),
  policy: DeskPolicy,
  sites: SitesResponse,
  shareDesk: z.boolean(),
});
export type OfficeWeeks = z.infer<typeof OfficeWeeksSchema>;

export const BookResultSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('booked'), bookings: z.array(Booking) }),
  z.object({ state: z.literal('refused'), refusal: BookingRefusal.shape.error }),
]);
export type BookResult = z.infer<typeof BookResultSchema>;

export const officeDays = defineArea({
  invoke: {
    /** my bookings, my team's office days and team days from `from` to `to`, with the policy and the sites */
    weeks: { request: z.strictObject({ from: DateOnly, to: DateOnly }), response: OfficeWeeksSchema },
    /** one floor's desks on one day */
    plan: { request: z.strictObject({ floorId: Id, day: DateOnly }), response: FloorPlanResponse },
    book: { request: BookRequest, response: BookResultSchema },
    /** one day of my bookings */
    cancel: { request: z.strictObject({ bookingId: Id }), response: z.array(Booking) },
    /** a range of days, or one series */
    cancelRange: { request: CancelBookingsRequest, response: z.array(Booking) },
    setShareDesk: { request: z.strictObject({ shareDesk: z.boolean() }), response: z.boolean() },
    /** a manager proposes days the team comes in together */
    proposeTeamDays: {
      request: z.strictObject({ days: z.array(DateOnly).min(1).max(31) }),
      response: z.array(DateOnly),
    },
  },
  events: {},
});
