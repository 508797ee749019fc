// Office days and hot desks: asked of the office on each call. A booking is the office's to decide
// (the last desk goes to one person), so nothing here guesses; a refusal comes back as an answer
// with the office's reason and the free desk it names.
import {
  BookingRefusal,
  BookingsResponse,
  DeskPolicyResponse,
  DeskSharingResponse,
  FloorPlanResponse,
  OfficeDaysResponse,
  SitesResponse,
  TeamDaysResponse,
  WaitlistEntryResponse,
  WaitlistRefusal,
  WaitlistResponse,
} from '../../../shared/office-api';
import { defineModule } from '../module';
import { OfficeError } from '../office-client/http';
import { rethrowForContract } from '../office/office-errors';

export const officeDaysModule = defineModule({
  name: 'office-days',
  area: 'officeDays',
  create({ office }) {
    const ask = <T>(p: Promise<T>): Promise<T> => p.catch(rethrowForContract);
    return {
      area: 'officeDays',
      handlers: {
        async weeks({ from, to }) {
          const [bookings, days, policy, sites, sharing] = await ask(
            Promise.all([
              office.request('GET', '/bookings', { schema: BookingsResponse, query: { from, to } }),
              office.request('GET', '/office-days', { schema: OfficeDaysResponse, query: { from, to } }),
              office.request('GET', '/desks/policy', { schema: DeskPolicyResponse }),
              office.request('GET', '/sites', { schema: SitesResponse }),
              office.request('GET', '/desks/sharing', { schema: DeskSharingResponse }),
            ]),
          );
          return {
            from,
            to,
            bookings: bookings.bookings,
            people: days.people,
            teamDays: days.teamDays,
            policy: policy.policy,
            sites,
            shareDesk: sharing.shareDesk,
          };
        },
        plan: ({ floorId, day }) =>
          ask(
            office.request('GET', `/floors/${encodeURIComponent(floorId)}/plan`, {
              schema: FloorPlanResponse,
              query: { day },
            }),
          ),
        async book(request) {
          try {
            const r = await office.request('POST', '/bookings', { schema: BookingsResponse, body: request });
            return { state: 'booked' as const, bookings: r.bookings };
          } catch (error) {
            const refusal =
              error instanceof OfficeError && error.status === 409 ? BookingRefusal.safeParse(error.body) : null;
            if (refusal?.success) return { state: 'refused' as const, refusal: refusal.data.error };
            return rethrowForContract(error);
          }
        },
        cancel: async ({ bookingId }) =>
          (
            await ask(
              office.request('DELETE', `/bookings/${encodeURIComponent(bookingId)}`, { schema: BookingsResponse }),
            )
          ).bookings,
        cancelRange: async (request) =>
          (await ask(office.request('POST', '/bookings/cancel', { schema: BookingsResponse, body: request }))).bookings,
        setShareDesk: async ({ shareDesk }) =>
          (await ask(office.request('PUT', '/desks/sharing', { schema: DeskSharingResponse, body: { shareDesk } })))
            .shareDesk,
        proposeTeamDays: async ({ days }) =>
          (await ask(office.request('POST', '/team-days', { schema: TeamDaysResponse, body: { days } }))).teamDays,
        waitlist: async () => (await ask(office.request('GET', '/waitlist', { schema: WaitlistResponse }))).entries,
        async joinWaitlist(request) {
          try {
            const r = await office.request('POST', '/waitlist', { schema: WaitlistEntryResponse, body: request });
            return { state: 'joined' as const, entry: r.entry };
          } catch (error) {
            const refusal =
              error instanceof OfficeError && error.status === 409 ? WaitlistRefusal.safeParse(error.body) : null;
            if (refusal?.success) return { state: 'refused' as const, refusal: refusal.data.error };
            return rethrowForContract(error);
          }
        },
        leaveWaitlist: async ({ id }) =>
          (await ask(office.request('DELETE', `/waitlist/${encodeURIComponent(id)}`, { schema: WaitlistResponse })))
            .entries,
      },
      // the office's word that a floor changed, or that a freed desk is offered to me, to an open section
      attach(emit) {
        return office.onEvent((event) => {
          if (event.type === 'desks.changed') emit('changed', { floorId: event.floorId, day: event.day });
          else if (event.type === 'desks.offered')
            emit('offered', { floorId: event.floorId, day: event.day, desk: event.desk, until: event.until });
        });
      },
    };
  },
});
