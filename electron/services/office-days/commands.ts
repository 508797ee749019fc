import { z } from 'zod';
import { BookRequest, Id } from '../../../shared/office-api';
import { defineCommand } from '../outbox/command';

/**
 * A desk booked while the office was out of reach. One queue for all of them: they reach the office
 * in the order they were made, and a refused one does not hold back the others (each is its own answer).
 */
export const bookDesk = defineCommand({
  kind: 'desk-booking',
  method: 'POST',
  params: z.object({}),
  body: BookRequest,
  path: () => '/bookings',
  queue: () => 'desk-booking',
});

/** A check-out confirmed after leaving the office LAN, when the office may be out of reach for a while. */
export const checkOutDesk = defineCommand({
  kind: 'desk-check-out',
  method: 'POST',
  params: z.object({ bookingId: Id }),
  body: z.undefined(),
  path: ({ bookingId }) => `/bookings/${encodeURIComponent(bookingId)}/check-out`,
  queue: ({ bookingId }) => `desk-check-out:${bookingId}`,
});
