// The demo office's plan: one site in Jakarta with floor 3 (two zones, 24 desks, two of them not
// bookable), and colleagues' office days in the coming week so the section has something to show.
// Seeded once, when the office has no site yet, so an older demo database gets it too.
import { addDays, dayIn, isoWeekday } from '../../shared/domain/office-days';
import type { DeskEquipment } from '../../shared/office-api';
import type { OfficeStore } from '../data/store';

export const DEMO_SITE = { name: 'Jakarta — Sudirman Tower', timeZone: 'Asia/Jakarta' };
export const DEMO_FLOOR = { name: 'Floor 3', width: 1200, height: 700 };

/** the next weekdays after today in the site's calendar */
function nextWorkdays(today: string, n: number): string[] {
  const out: string[] = [];
  for (let d = addDays(today, 1); out.length < n; d = addDays(d, 1)) if (isoWeekday(d) <= 5) out.push(d);
  return out;
}

export async function seedDemoOffice(store: OfficeStore, now: number): Promise<boolean> {
  if ((await store.desks.listSites()).length > 0) return false;
  const site = await store.desks.createSite({ ...DEMO_SITE, createdAt: now });
  const floor = await store.desks.createFloor({ siteId: site.id, ...DEMO_FLOOR, createdAt: now });
  const zones = [await store.desks.ensureZone(floor.id, 'Zone A'), await store.desks.ensureZone(floor.id, 'Zone B')];
  const deskIds: string[] = [];
  for (let i = 0; i < 24; i++) {
    const zone = zones[i < 12 ? 0 : 1]!;
    const col = i % 6;
    const row = Math.floor((i % 12) / 6);
    const equipment: DeskEquipment[] = [
      'docking-station',
      ...(i % 2 === 0 ? (['two-screens'] as const) : []),
      'ip-phone',
    ];
    const desk = await store.desks.createDesk(
      {
        floorId: floor.id,
        zoneId: zone.id,
        label: `3-${String(i + 1).padStart(2, '0')}`,
        x: 80 + col * 170,
        y: (i < 12 ? 90 : 420) + row * 140,
        equipment,
        // two desks by the printers are kept for visitors
        bookable: i !== 5 && i !== 17,
      },
      now,
    );
    if (desk) deskIds.push(desk.id);
  }
  const users = await store.users.list({});
  const id = (username: string) => users.find((u) => u.username === username)?.id;
  const days = nextWorkdays(dayIn(site.timeZone, now), 3);
  // Ayu comes in the next two workdays and lets colleagues see her desk; Dewi comes the third, privately
  const plans: [string | undefined, string, number][] = [
    [id('ayu'), days[0]!, 1],
    [id('ayu'), days[1]!, 1],
    [id('dewi'), days[2]!, 13],
  ];
  for (const [userId, day, desk] of plans) {
    if (!userId || !deskIds[desk]) continue;
    await store.desks.book([{ deskId: deskIds[desk]!, userId, day, seriesId: null, createdAt: now }]);
  }
  const ayu = id('ayu');
  if (ayu) await store.desks.setSharing(ayu, true);
  return true;
}
