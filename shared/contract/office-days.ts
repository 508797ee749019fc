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
  /** null: the office's answer now; else when the office gave the copy shown while it is out of reach (epoch ms) */
  savedAt: z.number().nullable(),
});
export type OfficeWeeks = z.infer<typeof OfficeWeeksSchema>;

/** one floor's desks on one day; `savedAt` as for the weeks */
export const OfficePlanSchema = FloorPlanResponse.extend({ savedAt: z.number().nullable() });

export const BookResultSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('booked'), bookings: z.array(Booking) }),
  z.object({ state: z.literal('refused'), refusal: BookingRefusal.shape.error }),
  /** the office was out of reach: the booking waits in the outbox (OfficeDaysLive.pending) */
  z.object({ state: z.literal('queued'), outboxId: z.string() }),
]);
export type BookResult = z.infer<typeof BookResultSchema>;

/**
 * What the app asks by itself about today's desk: release it (it sees me working from home over
 * the VPN before the check-in hour), or check out with the clean-desk checklist (I left the
 * office LAN while checked in).
 */
export const DeskPromptSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('release'), bookingId: Id, deskLabel: z.string(), day: DateOnly }),
  z.object({
    kind: z.literal('check-out'),
    bookingId: Id,
    deskLabel: z.string(),
    day: DateOnly,
    cleanDesk: z.array(z.string()),
  }),
]);
export type DeskPrompt = z.infer<typeof DeskPromptSchema>;

/** a booking made while the office was out of reach, waiting in the outbox */
export const PendingBookingSchema = z.object({
  outboxId: z.string(),
  deskId: Id,
  deskLabel: z.string(),
  /** the first day it asks for */
  day: DateOnly,
  /** the last day (equal to `day` for one day) */
  to: DateOnly,
});

/** a queued booking the office refused on arrival: its reason, and a desk free that day */
export const RefusedBookingSchema = PendingBookingSchema.extend({
  /** the office's refusal code (desk_taken, already_booked, booking_limit) or another error code */
  code: z.string().nullable(),
  /** the office's own sentence */
  reason: z.string(),
  suggestion: z.object({ id: Id, label: z.string(), floorId: Id }).nullable(),
});
export type RefusedBooking = z.infer<typeof RefusedBookingSchema>;

export const OfficeDaysLiveSchema = z.object({
  prompt: DeskPromptSchema.nullable(),
  /** today's booking the app checked in (by the office LAN) and not checked out: its id */
  checkedIn: Id.nullable(),
  pending: z.array(PendingBookingSchema),
  refused: z.array(RefusedBookingSchema),
});
export type OfficeDaysLive = z.infer<typeof OfficeDaysLiveSchema>;

export const CheckOutResultSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('checked-out') }),
  /** the office was out of reach: the check-out waits in the outbox */
  z.object({ state: z.literal('queued') }),
]);
export type CheckOutResult = z.infer<typeof CheckOutResultSchema>;

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
    plan: { request: z.strictObject({ floorId: Id, day: DateOnly }), response: OfficePlanSchema },
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
    /** the question or checklist the app has for today's desk, and queued or refused bookings */
    live: { request: z.undefined(), response: OfficeDaysLiveSchema },
    /** the answer to "Release it?": true cancels today's booking; either way it is not asked again today */
    answerRelease: { request: z.strictObject({ bookingId: Id, release: z.boolean() }), response: OfficeDaysLiveSchema },
    /** check out of today's booking (after the clean-desk checklist): the desk is free for the rest of the day */
    checkOut: { request: z.strictObject({ bookingId: Id }), response: CheckOutResultSchema },
    /** closes the check-out checklist without checking out */
    dismissPrompt: { request: z.undefined(), response: OfficeDaysLiveSchema },
    /** forgets a refused queued booking (it leaves the outbox) */
    dismissRefused: {
      request: z.strictObject({ outboxId: z.string().min(1).max(100) }),
      response: OfficeDaysLiveSchema,
    },
    /** my places on waiting lists, today and later */
    waitlist: { request: z.undefined(), response: z.array(WaitlistEntry) },
    /** wait for a desk on a floor and day when none is free */
    joinWaitlist: { request: JoinWaitlistRequest, response: JoinWaitlistResultSchema },
    leaveWaitlist: { request: z.strictObject({ id: Id }), response: z.array(WaitlistEntry) },
  },
  events: {
    /** the app's question or checklist for today's desk, and its queued or refused bookings, changed */
    liveChanged: OfficeDaysLiveSchema,
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
