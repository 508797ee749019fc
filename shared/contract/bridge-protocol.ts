// Frames of the browser host's WebSocket bridge (development and end-to-end tests only).
// The Electron host does not use these: it has ipcMain / ipcRenderer.
import { z } from 'zod';

export { BRIDGE_PATH } from './bridge-frames';

export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), secret: z.string().min(16).max(256) }),
  z.strictObject({
    type: z.literal('invoke'),
    id: z.number().int().nonnegative(),
    channel: z.string().max(200),
    payload: z.unknown().optional(),
  }),
]);

export const ServerFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome') }),
  z.object({ type: z.literal('result'), id: z.number(), result: z.unknown() }),
  z.object({ type: z.literal('event'), channel: z.string(), payload: z.unknown() }),
  z.object({ type: z.literal('refused'), message: z.string() }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;
