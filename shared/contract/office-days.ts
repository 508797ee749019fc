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
  JoinWaitlistRequest,
  OfficeDaysResponse,
  SitesResponse,
  WaitlistEntry,
  WaitlistRefusal,
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

/** joining a waiting list: my place, or why not (a desk is free: book it; I have a desk that day) */
export const JoinWaitlistResultSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('joined'), entry: WaitlistEntry }),
  z.object({ state: z.literal('refused'), refusal: WaitlistRefusal.shape.error }),
]);
export type JoinWaitlistResult = z.infer<typeof JoinWaitlistResultSchema>;

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
    /** my places on waiting lists, today and later */
    waitlist: { request: z.undefined(), response: z.array(WaitlistEntry) },
    /** wait for a desk on a floor and day when none is free */
    joinWaitlist: { request: JoinWaitlistRequest, response: JoinWaitlistResultSchema },
    leaveWaitlist: { request: z.strictObject({ id: Id }), response: z.array(WaitlistEntry) },
  },
  events: {
    /** desks of a floor changed on a day (booked, cancelled, checked in, released): ask for the plan again */
    changed: z.object({ floorId: Id, day: DateOnly }),
    /** a freed desk is offered to me, first on its waiting list: anyone may still book it */
    offered: z.object({
      floorId: Id,
      day: DateOnly,
      desk: z.object({ id: Id, label: z.string() }),
      until: z.string(),
    }),
  },
});
