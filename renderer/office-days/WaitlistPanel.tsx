import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { OfficeDaysStore } from './office-days-store';

/**
 * The waiting list where no desk is free: join it for the shown floor and day, or for any floor of
 * the site, see my place, leave it; and the office's offer of a freed desk (first come: the offer is
 * a head start, not a hold).
 */
export function WaitlistPanel({ store }: { store: OfficeDaysStore }) {
  const { t, i18n } = useTranslation();
  const notice = useStore(store, (s) => s.notice);
  const plan = useStore(store, (s) => s.plan);
  const day = useStore(store, (s) => s.day);
  const floorId = useStore(store, (s) => s.floorId);
  const waitlist = useStore(store, (s) => s.waitlist);
  const weeks = useStore(store, (s) => s.weeks);
  const busy = useStore(store, (s) => s.busy);
  if (!day || !floorId) return null;

  const bookOffered = async (offer: { floorId: string; day: string; desk: { id: string } }) => {
    const s = store.getState();
    if (s.floorId !== offer.floorId) await s.selectFloor(offer.floorId);
    if (store.getState().day !== offer.day) await store.getState().selectDay(offer.day);
    store.getState().selectDesk(offer.desk.id);
    await store.getState().book(offer.desk.id, { kind: 'day' });
  };
  const time = (iso: string) => new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' }).format(Date.parse(iso));

  const offered = notice?.kind === 'offered' ? notice : null;
  const refused = notice?.kind === 'wait-refused' ? notice.refusal : null;
  const entry = waitlist.find((w) => w.floorId === floorId && w.day === day);
  const site = weeks?.sites.sites.find((s) => s.id === weeks.sites.floors.find((f) => f.id === floorId)?.siteId);
  const siteFloors = weeks?.sites.floors.filter((f) => f.siteId === site?.id).length ?? 0;
  const siteEntry = site && waitlist.find((w) => w.floorId === null && w.siteId === site.id && w.day === day);
  const hasDesk = weeks?.bookings.some((b) => b.day === day) ?? false;
  const planShown = plan && plan.floor.id === floorId && plan.day === day;
  const noneFree = planShown && !plan.desks.some((d) => d.state === 'free');
  const deskTaken =
    notice?.kind === 'refused' && notice.refusal.code === 'desk_taken' && notice.refusal.nextFreeDesk === null;

  return (
    <div className="od-waitlist" data-testid="od-waitlist">
      {offered && (
        <div className="od-notice" role="alert" data-testid="od-offered">
          <p>
            {t('officeDays.waitlist.offered', {
              desk: offered.desk.label,
              day: offered.day,
              until: time(offered.until),
            })}
          </p>
          <button
            type="button"
            className="primary"
            aria-disabled={busy || undefined}
            onClick={() => void bookOffered(offered)}
          >
            {t('officeDays.waitlist.book', { desk: offered.desk.label })}
          </button>
        </div>
      )}
      {refused && (
        <div className="error" role="alert" data-testid="od-wait-refused" data-code={refused.code}>
          <p>{t(`officeDays.waitlist.refused.${refused.code}`, { desk: refused.nextFreeDesk?.label ?? '' })}</p>
          {refused.nextFreeDesk && (
            <button
              type="button"
              onClick={() => {
                const next = refused.nextFreeDesk!;
                void bookOffered({ floorId: next.floorId, day, desk: next });
              }}
            >
              {t('officeDays.waitlist.book', { desk: refused.nextFreeDesk.label })}
            </button>
          )}
        </div>
      )}
      {entry && (
        <p role="status" data-testid="od-waiting">
          {t('officeDays.waitlist.position', { position: entry.position })}{' '}
          <button
            type="button"
            aria-disabled={busy || undefined}
            onClick={() => void store.getState().leaveWaitlist(entry.id)}
            data-testid="od-wait-leave"
          >
            {t('officeDays.waitlist.leave')}
          </button>
        </p>
      )}
      {siteEntry && (
        <p role="status" data-testid="od-waiting-site">
          {t('officeDays.waitlist.positionSite', { position: siteEntry.position, name: site.name })}{' '}
          <button
            type="button"
            aria-disabled={busy || undefined}
            onClick={() => void store.getState().leaveWaitlist(siteEntry.id)}
            data-testid="od-wait-leave-site"
          >
            {t('officeDays.waitlist.leave')}
          </button>
        </p>
      )}
      {!hasDesk && (noneFree || deskTaken) && (!entry || (site && siteFloors > 1 && !siteEntry)) && (
        <p data-testid="od-none-free">
          {t('officeDays.waitlist.noneFree')}{' '}
          {!entry && (
            <button
              type="button"
              aria-disabled={busy || undefined}
              onClick={() => void store.getState().joinWaitlist('floor')}
              data-testid="od-wait-join"
            >
              {t('officeDays.waitlist.join')}
            </button>
          )}{' '}
          {site && siteFloors > 1 && !siteEntry && (
            <button
              type="button"
              aria-disabled={busy || undefined}
              onClick={() => void store.getState().joinWaitlist('site')}
              data-testid="od-wait-join-site"
            >
              {t('officeDays.waitlist.joinSite', { name: site.name })}
            </button>
          )}
        </p>
      )}
    </div>
  );
}
