// The office plan and desk bookings. Admins draw the plan (sites, floors, desks, a floor imported
// from JSON or CSV); everyone books desks and sees which colleagues of the team are in; a manager
// proposes the team's days. Refused bookings answer 409 with the reason and a free desk.
import { z } from 'zod';
import {
  BookRequest,
  BookingRefusal,
  DateRangeQuery,
  BookingResponse,
  BookingsResponse,
  CancelBookingsRequest,
  CheckOutResponse,
  CreateFloorRequest,
  CreateSiteRequest,
  DeskInput,
  DeskPolicyResponse,
  DeskResponse,
  DeskSharingRequest,
  DeskSharingResponse,
  ErrorBody,
  FloorPlanQuery,
  FloorPlanResponse,
  FloorResponse,
  Id,
  ImportFloorRequest,
  ImportFloorResponse,
  OfficeDaysResponse,
  SiteResponse,
  SitesResponse,
  TeamDayParams,
  TeamDaysRequest,
  TeamDaysResponse,
  UpdateDeskRequest,
  JoinWaitlistRequest,
  WaitlistEntryResponse,
  WaitlistRefusal,
  WaitlistResponse,
} from '../../shared/office-api';
import { addDays, dayIn } from '../../shared/domain/office-days';
import type { ServerContext } from '../context';
import type { DeskRecord, FloorRecord, OfficeRepositories } from '../data/store';
import { defineRoute, type AnyRoute } from '../http/route';
import { ApiError, conflict, notFound } from '../http/errors';
import { teamMembers } from '../services/access';
import {
  book,
  checkSpan,
  checkTimeZone,
  deskPlace,
  floorPlanDesks,
  parseDeskCsv,
  siteClock,
  toApiBookings,
  validateDesks,
} from '../services/desks';
import { desksChanged, desksFreed, joinWaitlist, myWaitlist } from '../services/desk-waitlist';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = z.object({ id: Id });

const toFloor = (f: FloorRecord) => ({ id: f.id, siteId: f.siteId, name: f.name, width: f.width, height: f.height });

/** creates or changes one desk of an import or the admin API (zones by name, made when new) */
async function putDesk(
  repos: OfficeRepositories,
  floor: FloorRecord,
  input: DeskInput,
  now: number,
): Promise<{ desk: DeskRecord; created: boolean }> {
  const zoneId =
    input.zone === undefined
      ? undefined
      : input.zone === null
        ? null
        : (await repos.desks.ensureZone(floor.id, input.zone)).id;
  const existing = await repos.desks.getDeskByLabel(floor.id, input.label);
  if (existing) {
    const desk = await repos.desks.updateDesk(existing.id, {
      x: input.x,
      y: input.y,
      ...(zoneId !== undefined ? { zoneId } : {}),
      ...(input.equipment !== undefined ? { equipment: input.equipment } : {}),
      ...(input.bookable !== undefined ? { bookable: input.bookable } : {}),
    });
    return { desk: desk ?? existing, created: false };
  }
  const desk = await repos.desks.createDesk(
    {
      floorId: floor.id,
      zoneId: zoneId ?? null,
      label: input.label,
      x: input.x,
      y: input.y,
      equipment: input.equipment ?? [],
      bookable: input.bookable ?? true,
    },
    now,
  );
  if (!desk) throw conflict(`desk ${input.label} was added by someone else meanwhile; try again`);
  return { desk, created: true };
}

export function deskRoutes(ctx: ServerContext): AnyRoute[] {
  const floorOr404 = async (id: string) => {
    const floor = await ctx.store.desks.getFloor(id);
    if (!floor) throw notFound('floor');
    return floor;
  };
  /** cancelled days free their desks: told to open plans, and offered to those waiting */
  const freed = async (bookings: { floorId: string; day: string }[]) => {
    const seen = new Set<string>();
    for (const b of bookings) {
      if (seen.has(`${b.floorId} ${b.day}`)) continue;
      seen.add(`${b.floorId} ${b.day}`);
      await desksFreed(ctx, b.floorId, b.day);
    }
  };
  return [
    // ---- the plan (admin) ----
    defineRoute({
      method: 'POST',
      url: '/api/v1/admin/sites',
      tag: 'desks',
      summary: 'Add an office site (admin)',
      auth: true,
      roles: ['admin'],
      body: CreateSiteRequest,
      responses: { 201: SiteResponse, ...errors },
      async handler({ body }) {
        const timeZone = checkTimeZone(body.timeZone);
        if ((await ctx.store.desks.listSites()).some((s) => s.name === body.name))
          throw conflict(`a site named ${body.name} exists already`);
        const site = await ctx.store.desks.createSite({ name: body.name, timeZone, createdAt: ctx.now() });
        return { status: 201, body: { site: { id: site.id, name: site.name, timeZone: site.timeZone } } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/admin/floors',
      tag: 'desks',
      summary: 'Add a floor to a site (admin)',
      auth: true,
      roles: ['admin'],
      body: CreateFloorRequest,
      responses: { 201: FloorResponse, ...errors },
      async handler({ body }) {
        if (!(await ctx.store.desks.getSite(body.siteId))) throw notFound('site');
        const floors = await ctx.store.desks.listFloors();
        if (floors.some((f) => f.siteId === body.siteId && f.name === body.name))
          throw conflict(`the site has a floor named ${body.name} already`);
        const floor = await ctx.store.desks.createFloor({ ...body, createdAt: ctx.now() });
        return { status: 201, body: { floor: toFloor(floor) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/admin/floors/:id/desks',
      tag: 'desks',
      summary: 'Add a desk to a floor, or change the desk with that label (admin)',
      auth: true,
      roles: ['admin'],
      params: IdParams,
      body: DeskInput,
      responses: { 200: DeskResponse, 201: DeskResponse, ...errors },
      async handler({ params, body }) {
        const floor = await floorOr404(params.id);
        const [input] = validateDesks([body], floor, 'desk');
        const put = await ctx.store.transaction((tx) => putDesk(tx, floor, input!, ctx.now()));
        return { status: put.created ? 201 : 200, body: { desk: put.desk } };
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/admin/desks/:id',
      tag: 'desks',
      summary: 'Move a desk, change its equipment, zone or whether it is bookable (admin)',
      auth: true,
      roles: ['admin'],
      params: IdParams,
      body: UpdateDeskRequest,
      responses: { 200: DeskResponse, ...errors },
      async handler({ params, body }) {
        const { desk, floor } = await deskPlace(ctx, params.id);
        const [input] = validateDesks([{ label: desk.label, x: desk.x, y: desk.y, ...body }], floor, 'desk');
        const put = await ctx.store.transaction((tx) => putDesk(tx, floor, input!, ctx.now()));
        return { body: { desk: put.desk } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/admin/floors/:id/import',
      tag: 'desks',
      summary: 'Import a whole floor (JSON desks or CSV label,x,y,zone,equipment,bookable): all lines or none (admin)',
      auth: true,
      roles: ['admin'],
      params: IdParams,
      body: ImportFloorRequest,
      responses: { 200: ImportFloorResponse, ...errors },
      async handler({ params, body }) {
        const floor = await floorOr404(params.id);
        const inputs =
          'csv' in body
            ? validateDesks(parseDeskCsv(body.csv), floor, 'CSV desk')
            : validateDesks(body.desks, floor, 'desk');
        const now = ctx.now();
        const result = await ctx.store.transaction(async (tx) => {
          let created = 0;
          let updated = 0;
          for (const input of inputs) {
            const put = await putDesk(tx, floor, input, now);
            if (put.created) created++;
            else updated++;
          }
          return { created, updated };
        });
        return { body: { ...result, desks: await ctx.store.desks.listDesks(floor.id) } };
      },
    }),

    // ---- the plan and bookings (everyone) ----
    defineRoute({
      method: 'GET',
      url: '/api/v1/sites',
      tag: 'desks',
      summary: 'Office sites and their floors',
      auth: true,
      responses: { 200: SitesResponse, 401: ErrorBody },
      async handler() {
        const [sites, floors] = await Promise.all([ctx.store.desks.listSites(), ctx.store.desks.listFloors()]);
        return {
          body: {
            sites: sites.map((s) => ({ id: s.id, name: s.name, timeZone: s.timeZone })),
            floors: floors.map(toFloor),
          },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/floors/:id/plan',
      tag: 'desks',
      summary: "A floor's desks on one day: free, booked, mine or unavailable (who sits where only if they allow it)",
      auth: true,
      params: IdParams,
      query: FloorPlanQuery,
      responses: { 200: FloorPlanResponse, ...errors },
      async handler({ params, query, user }) {
        const floor = await floorOr404(params.id);
        const site = await ctx.store.desks.getSite(floor.siteId);
        if (!site) throw notFound('floor');
        const [zones, desks] = await Promise.all([
          ctx.store.desks.listZones(floor.id),
          floorPlanDesks(ctx, user, floor.id, query.day),
        ]);
        return {
          body: {
            site: { id: site.id, name: site.name, timeZone: site.timeZone },
            floor: toFloor(floor),
            zones: zones.map((z) => ({ id: z.id, name: z.name })),
            day: query.day,
            desks,
          },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/desks/policy',
      tag: 'desks',
      summary: "The office's desk policy: days ahead, desk-days a week, check-in hour, clean-desk checklist",
      auth: true,
      responses: { 200: DeskPolicyResponse, 401: ErrorBody },
      async handler() {
        return { body: { policy: ctx.deskPolicy } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/bookings',
      tag: 'desks',
      summary: 'My desk bookings from one day to another',
      auth: true,
      query: DateRangeQuery,
      responses: { 200: BookingsResponse, ...errors },
      async handler({ query, user }) {
        checkSpan(query.from, query.to);
        const mine = await ctx.store.desks.listBookings({ ...query, userIds: [user.id] });
        return {
          body: {
            bookings: await toApiBookings(
              ctx,
              mine.filter((b) => b.releasedAt === null),
            ),
          },
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/bookings',
      tag: 'desks',
      summary:
        'Book a desk for a day, a range or recurring weekdays: every day or none; 409 names the reason, the days and a free desk',
      auth: true,
      body: BookRequest,
      responses: { 201: BookingsResponse, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: BookingRefusal },
      async handler({ body, user }) {
        return book(ctx, user, body);
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/bookings/:id',
      tag: 'desks',
      summary: 'Cancel one day of my bookings (a day of a range leaves the others)',
      auth: true,
      params: IdParams,
      responses: { 200: BookingsResponse, ...errors },
      async handler({ params, user }) {
        const b = await ctx.store.desks.getBooking(params.id);
        if (!b || b.userId !== user.id) throw notFound('booking');
        const { site } = await deskPlace(ctx, b.deskId);
        if (b.day < siteClock(ctx, site).today) throw conflict('a past day cannot be cancelled');
        const cancelled = await ctx.store.desks.cancel(user.id, [b.id]);
        const bookings = await toApiBookings(ctx, cancelled);
        await freed(bookings);
        return { body: { bookings } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/bookings/:id/check-in',
      tag: 'desks',
      summary: "Check in to today's booking (the app does it when it sees the office LAN)",
      auth: true,
      params: IdParams,
      responses: { 200: BookingResponse, ...errors },
      async handler({ params, user }) {
        const b = await ctx.store.desks.getBooking(params.id);
        if (!b || b.userId !== user.id) throw notFound('booking');
        const { desk, site } = await deskPlace(ctx, b.deskId);
        if (b.day !== siteClock(ctx, site).today) throw conflict(`this booking is for ${b.day}, not today`);
        if (b.releasedAt !== null) throw conflict(`desk ${desk.label} was released for today`);
        const checked = await ctx.store.desks.setCheckedIn(b.id, ctx.now());
        if (!checked) throw notFound('booking');
        desksChanged(ctx, desk.floorId, b.day);
        return { body: { booking: (await toApiBookings(ctx, [checked]))[0] } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/bookings/:id/check-out',
      tag: 'desks',
      summary: 'Check out: the desk is free for the rest of the day; answers the clean-desk checklist',
      auth: true,
      params: IdParams,
      responses: { 200: CheckOutResponse, ...errors },
      async handler({ params, user }) {
        const b = await ctx.store.desks.getBooking(params.id);
        if (!b || b.userId !== user.id) throw notFound('booking');
        const { desk, site } = await deskPlace(ctx, b.deskId);
        if (b.day !== siteClock(ctx, site).today) throw conflict(`this booking is for ${b.day}, not today`);
        const releasedNow = await ctx.store.desks.release(b.id, ctx.now());
        const released = releasedNow ?? (await ctx.store.desks.getBooking(b.id));
        if (!released) throw notFound('booking');
        if (releasedNow) await desksFreed(ctx, desk.floorId, b.day);
        return { body: { booking: (await toApiBookings(ctx, [released]))[0], cleanDesk: ctx.deskPolicy.cleanDesk } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/bookings/cancel',
      tag: 'desks',
      summary: 'Cancel my bookings of a range of days, or of one series (today and later only)',
      auth: true,
      body: CancelBookingsRequest,
      responses: { 200: BookingsResponse, ...errors },
      async handler({ body, user }) {
        // the earliest "today" of any site: a day still today somewhere is not past
        const sites = await ctx.store.desks.listSites();
        const today = sites.map((s) => dayIn(s.timeZone, ctx.now())).sort()[0] ?? dayIn('UTC', ctx.now());
        let from = today;
        let to = addDays(today, 3660);
        if ('from' in body) {
          checkSpan(body.from, body.to);
          from = body.from > today ? body.from : today;
          to = body.to;
        }
        const mine = from > to ? [] : await ctx.store.desks.listBookings({ from, to, userIds: [user.id] });
        const ids = mine
          .filter((b) => b.releasedAt === null && ('seriesId' in body ? b.seriesId === body.seriesId : true))
          .map((b) => b.id);
        const cancelled = await ctx.store.desks.cancel(user.id, ids);
        const bookings = await toApiBookings(ctx, cancelled);
        await freed(bookings);
        return { body: { bookings } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/waitlist',
      tag: 'desks',
      summary: 'My places on waiting lists for a desk (today and later), each with its position and any offer',
      auth: true,
      responses: { 200: WaitlistResponse, 401: ErrorBody },
      async handler({ user }) {
        return { body: { entries: await myWaitlist(ctx, user) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/waitlist',
      tag: 'desks',
      summary:
        'Wait for a desk on a floor ({floorId, day}) or any floor of a site ({siteId, day}) when none is free there: a freed desk is offered to the first in line whose wait contains it',
      auth: true,
      body: JoinWaitlistRequest,
      responses: { 201: WaitlistEntryResponse, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: WaitlistRefusal },
      async handler({ body, user }) {
        return joinWaitlist(ctx, user, body);
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/waitlist/:id',
      tag: 'desks',
      summary: 'Leave a waiting list',
      auth: true,
      params: IdParams,
      responses: { 200: WaitlistResponse, ...errors },
      async handler({ params, user }) {
        if (!(await ctx.store.desks.leaveWaitlist(user.id, params.id))) throw notFound('waiting list entry');
        return { body: { entries: await myWaitlist(ctx, user) } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/office-days',
      tag: 'desks',
      summary: "Which colleagues of my team are in on which days, and the team's days (never which desk)",
      auth: true,
      query: DateRangeQuery,
      responses: { 200: OfficeDaysResponse, ...errors },
      async handler({ query, user }) {
        checkSpan(query.from, query.to);
        const members = user.teamId ? await teamMembers(ctx, user.teamId) : [user];
        const active = members.filter((m) => m.disabledAt === null);
        const bookings = await ctx.store.desks.listBookings({ ...query, userIds: active.map((m) => m.id) });
        const days = new Map<string, Set<string>>();
        for (const b of bookings) {
          let set = days.get(b.userId);
          if (!set) days.set(b.userId, (set = new Set()));
          set.add(b.day);
        }
        const teamDays = user.teamId ? await ctx.store.desks.listTeamDays(user.teamId, query.from, query.to) : [];
        return {
          body: {
            people: active.map((m) => ({
              userId: m.id,
              displayName: m.displayName,
              days: [...(days.get(m.id) ?? [])].sort(),
            })),
            teamDays: teamDays.map((d) => d.day),
          },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/desks/sharing',
      tag: 'desks',
      summary: 'Whether colleagues may see which desk I booked',
      auth: true,
      responses: { 200: DeskSharingResponse, 401: ErrorBody },
      async handler({ user }) {
        return { body: { shareDesk: (await ctx.store.desks.sharingDesk([user.id])).has(user.id) } };
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/desks/sharing',
      tag: 'desks',
      summary: 'Let colleagues see which desk I booked, or stop it (they never see it unless I allow it)',
      auth: true,
      body: DeskSharingRequest,
      responses: { 200: DeskSharingResponse, ...errors },
      async handler({ body, user }) {
        await ctx.store.desks.setSharing(user.id, body.shareDesk);
        return { body: { shareDesk: body.shareDesk } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/team-days',
      tag: 'desks',
      summary: 'Propose days the team comes in together (manager of the team)',
      auth: true,
      roles: ['manager'],
      body: TeamDaysRequest,
      responses: { 200: TeamDaysResponse, ...errors },
      async handler({ body, user }) {
        if (!user.teamId) throw new ApiError(409, 'conflict', 'you lead no team');
        const today = dayIn('UTC', ctx.now());
        const past = body.days.filter((d) => d < addDays(today, -1));
        if (past.length > 0) throw conflict(`a team day cannot be in the past (${past.join(', ')})`);
        for (const day of body.days)
          await ctx.store.desks.addTeamDay({ teamId: user.teamId, day, proposedBy: user.id, createdAt: ctx.now() });
        const sorted = [...body.days].sort();
        const list = await ctx.store.desks.listTeamDays(user.teamId, sorted[0]!, sorted[sorted.length - 1]!);
        return { body: { teamDays: list.map((d) => d.day) } };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/team-days/:day',
      tag: 'desks',
      summary: 'Withdraw a proposed team day (manager of the team)',
      auth: true,
      roles: ['manager'],
      params: TeamDayParams,
      responses: { 200: TeamDaysResponse, ...errors },
      async handler({ params, user }) {
        if (!user.teamId || !(await ctx.store.desks.removeTeamDay(user.teamId, params.day))) throw notFound('team day');
        return { body: { teamDays: [] } };
      },
    }),
  ];
}
