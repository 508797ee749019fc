// The office plan (sites, floors, zones, desks) and desk bookings: admins draw the plan, everyone
// books a desk for a day, a range or recurring weekdays, and sees which colleagues are in (never
// where they sit unless they allow it).
import { z } from 'zod';
import { DateOnly, Id, IsoDateTime } from './common';
import { plainText } from './text';

export const DESK_EQUIPMENT = ['docking-station', 'two-screens', 'ip-phone', 'height-adjustable'] as const;
export const DeskEquipment = z.enum(DESK_EQUIPMENT);
export type DeskEquipment = z.infer<typeof DeskEquipment>;

/** the plan's coordinates: whole units (say decimetres) inside the floor's width and height */
const Coordinate = z.number().int().min(0).max(100_000);
export const DeskLabel = plainText()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u, 'letters, digits, space, . _ / - only');
const Name = plainText().trim().min(1).max(100);

export const Site = z.object({ id: Id, name: z.string(), timeZone: z.string() });
export type Site = z.infer<typeof Site>;

export const Floor = z.object({ id: Id, siteId: Id, name: z.string(), width: z.number(), height: z.number() });
export type Floor = z.infer<typeof Floor>;

export const Zone = z.object({ id: Id, name: z.string() });
export type Zone = z.infer<typeof Zone>;

export const Desk = z.object({
  id: Id,
  floorId: Id,
  zoneId: Id.nullable(),
  label: z.string(),
  x: z.number(),
  y: z.number(),
  equipment: z.array(z.string()),
  bookable: z.boolean(),
});
export type Desk = z.infer<typeof Desk>;

export const CreateSiteRequest = z.strictObject({
  name: Name,
  /** IANA time zone ("Asia/Jakarta"): bookings are days of this calendar */
  timeZone: z.string().min(1).max(64),
});
export const SiteResponse = z.object({ site: Site });

export const CreateFloorRequest = z.strictObject({
  siteId: Id,
  name: Name,
  width: Coordinate.min(1),
  height: Coordinate.min(1),
});
export const FloorResponse = z.object({ floor: Floor });

export const DeskInput = z.strictObject({
  label: DeskLabel,
  x: Coordinate,
  y: Coordinate,
  /** a zone's name on this floor (made when new) */
  zone: Name.nullable().optional(),
  equipment: z.array(DeskEquipment).max(DESK_EQUIPMENT.length).optional(),
  bookable: z.boolean().optional(),
});
export type DeskInput = z.infer<typeof DeskInput>;
export const DeskResponse = z.object({ desk: Desk });

export const UpdateDeskRequest = z.strictObject({
  x: Coordinate.optional(),
  y: Coordinate.optional(),
  zone: Name.nullable().optional(),
  equipment: z.array(DeskEquipment).max(DESK_EQUIPMENT.length).optional(),
  bookable: z.boolean().optional(),
});

/** a whole floor at once: desks as JSON, or CSV text with the header label,x,y,zone,equipment,bookable */
export const ImportFloorRequest = z.union([
  z.strictObject({ desks: z.array(z.unknown()).min(1).max(2000) }),
  z.strictObject({
    csv: z
      .string()
      .min(1)
      .max(512 * 1024),
  }),
]);
export const ImportFloorResponse = z.object({ created: z.number(), updated: z.number(), desks: z.array(Desk) });

export const SitesResponse = z.object({ sites: z.array(Site), floors: z.array(Floor) });

export const DESK_STATES = ['free', 'booked', 'mine', 'unavailable'] as const;
export const DeskState = z.enum(DESK_STATES);
export type DeskState = z.infer<typeof DeskState>;

export const PlanDesk = Desk.extend({
  state: DeskState,
  /** who sits there: only for someone who lets colleagues see it (and for my own desk) */
  occupant: z.object({ userId: Id, displayName: z.string() }).nullable(),
});
export type PlanDesk = z.infer<typeof PlanDesk>;

export const FloorPlanQuery = z.strictObject({ day: DateOnly });
export const FloorPlanResponse = z.object({
  site: Site,
  floor: Floor,
  zones: z.array(Zone),
  day: DateOnly,
  desks: z.array(PlanDesk),
});
export type FloorPlanResponse = z.infer<typeof FloorPlanResponse>;

export const Booking = z.object({
  id: Id,
  deskId: Id,
  deskLabel: z.string(),
  floorId: Id,
  day: DateOnly,
  seriesId: Id.nullable(),
  createdAt: IsoDateTime,
  checkedInAt: IsoDateTime.nullable(),
});
export type Booking = z.infer<typeof Booking>;

/** ISO weekdays: 1 Monday … 7 Sunday */
export const Weekday = z.number().int().min(1).max(7);

export const BookRequest = z.union([
  z.strictObject({ deskId: Id, day: DateOnly }),
  z.strictObject({
    deskId: Id,
    from: DateOnly,
    to: DateOnly,
    /** only these weekdays of the range (recurring); all days when absent */
    weekdays: z.array(Weekday).min(1).max(7).optional(),
  }),
]);
export type BookRequest = z.infer<typeof BookRequest>;
export const BookingsResponse = z.object({ bookings: z.array(Booking) });
export type BookingsResponse = z.infer<typeof BookingsResponse>;

/** a refused booking (409): why, which days, and a desk that is free on the first of them */
export const BookingRefusal = z.object({
  error: z.object({
    code: z.enum(['desk_taken', 'already_booked', 'booking_limit']),
    message: z.string(),
    days: z.array(DateOnly),
    nextFreeDesk: z.object({ id: Id, label: z.string(), floorId: Id }).nullable(),
  }),
});
export type BookingRefusal = z.infer<typeof BookingRefusal>;

/** a span of days, both ends included (bookings, and who is in on which day) */
export const DateRangeQuery = z.strictObject({ from: DateOnly, to: DateOnly });
export const CancelBookingsRequest = z.union([
  z.strictObject({ from: DateOnly, to: DateOnly }),
  z.strictObject({ seriesId: Id }),
]);

export const DeskPolicy = z.object({
  /** how many days ahead a desk may be booked (0: today only) */
  daysAhead: z.number().int().min(0),
  /** desk-days one person may hold in one week (Monday to Sunday) */
  perWeek: z.number().int().min(1),
  /** a desk not checked in by this time of day ("10:00") is released */
  checkInBy: z.string(),
  /** what to do before leaving the desk */
  cleanDesk: z.array(z.string()),
});
export type DeskPolicy = z.infer<typeof DeskPolicy>;
export const DeskPolicyResponse = z.object({ policy: DeskPolicy });

export const OfficeDaysResponse = z.object({
  people: z.array(
    z.object({
      userId: Id,
      displayName: z.string(),
      /** the days this person has a desk booked */
      days: z.array(DateOnly),
    }),
  ),
  /** days the team's manager proposed the team comes in together */
  teamDays: z.array(DateOnly),
});
export type OfficeDaysResponse = z.infer<typeof OfficeDaysResponse>;

export const DeskSharingRequest = z.strictObject({ shareDesk: z.boolean() });
export const DeskSharingResponse = z.object({ shareDesk: z.boolean() });

export const TeamDaysRequest = z.strictObject({ days: z.array(DateOnly).min(1).max(31) });
export const TeamDaysResponse = z.object({ teamDays: z.array(DateOnly) });
export const TeamDayParams = z.object({ day: DateOnly });

export const CheckOutResponse = z.object({
  booking: Booking,
  /** what to do before leaving the desk, from the office's policy */
  cleanDesk: z.array(z.string()),
});
export const BookingResponse = z.object({ booking: Booking });

// ---- the waiting list ----

/** how long the first person waiting has a freed desk to themselves in their notice before it passes on */
export const WAITLIST_OFFER_MINUTES = 15;

/** wait for a desk on one floor, or on any floor of a site */
export const JoinWaitlistRequest = z.union([
  z.strictObject({ floorId: Id, day: DateOnly }),
  z.strictObject({ siteId: Id, day: DateOnly }),
]);
export type JoinWaitlistRequest = z.infer<typeof JoinWaitlistRequest>;
export const WaitlistEntry = z.object({
  id: Id,
  siteId: Id,
  /** null: any floor of the site */
  floorId: Id.nullable(),
  day: DateOnly,
  /** 1: the next freed desk within this wait is offered to this person */
  position: z.number().int().min(1),
  /** a free desk this person was told of first; anyone may still book it (first come) */
  offer: z.object({ deskId: Id, deskLabel: z.string(), until: IsoDateTime }).nullable(),
});
export type WaitlistEntry = z.infer<typeof WaitlistEntry>;
export const WaitlistEntryResponse = z.object({ entry: WaitlistEntry });
export const WaitlistResponse = z.object({ entries: z.array(WaitlistEntry) });
export type WaitlistResponse = z.infer<typeof WaitlistResponse>;
/** joining refused (409): a desk is free (book it), the person has a desk that day, or the day is out of reach */
export const WaitlistRefusal = z.object({
  error: z.object({
    code: z.enum(['desk_free', 'already_booked', 'booking_limit']),
    message: z.string(),
    nextFreeDesk: z.object({ id: Id, label: z.string(), floorId: Id }).nullable(),
  }),
});
export type WaitlistRefusal = z.infer<typeof WaitlistRefusal>;
