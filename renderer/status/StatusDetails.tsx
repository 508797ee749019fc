import { useTranslation } from 'react-i18next';
import type { ConnectivityStatus } from '../../shared/domain/connectivity';
import { formatTime } from '../i18n/format';

/** The evidence behind the status, so a user (or IT on the phone) can see what to fix. */
export function StatusDetails({ status }: { status: ConnectivityStatus | null }) {
  const { t, i18n } = useTranslation();
  if (!status) return <p className="details">{t('status.noEvidence')}</p>;
  const { evidence, reason } = status;
  const rows: Array<[string, string]> = [
    [t('status.evidence.interfaces'), evidence.interfaces.join(', ') || '—'],
    [
      t('status.evidence.tunnels'),
      evidence.tunnels.map((x) => `${x.name} (${x.kind}${x.routable ? '' : ', link-local'})`).join(', ') || '—',
    ],
    [t('status.evidence.defaultRoute'), evidence.defaultRoute ? t('status.evidence.yes') : t('status.evidence.no')],
  ];
  if (evidence.officeRoute)
    rows.push([
      t('status.evidence.route'),
      `${evidence.officeRoute.via}${evidence.officeRoute.interface ? ` (${evidence.officeRoute.interface})` : ''}`,
    ]);
  if (evidence.dns)
    rows.push([
      t('status.evidence.dns'),
      evidence.dns.ok ? evidence.dns.addresses.join(', ') : (evidence.dns.error ?? '✗'),
    ]);
  if (evidence.tcp)
    rows.push([
      t('status.evidence.tcp'),
      evidence.tcp.ok
        ? `${evidence.tcp.host}:${evidence.tcp.port} ✓ ${Math.round(evidence.tcp.ms ?? 0)} ms`
        : `${evidence.tcp.host}:${evidence.tcp.port} ${evidence.tcp.error ?? '✗'}`,
    ]);
  if (evidence.https)
    rows.push([
      t('status.evidence.https'),
      evidence.https.ok ? `${evidence.https.statusCode ?? ''} ✓` : (evidence.https.error ?? '✗'),
    ]);
  // The out-of-turn evidence that changed the verdict (the office closed the live connection…).
  if (evidence.trigger) {
    const when = formatTime(evidence.trigger.at, i18n.language);
    rows.push([
      t('status.evidence.trigger'),
      `${t(`connectivity.trigger.${evidence.trigger.cause}`, { time: when })}${evidence.trigger.detail ? ` (${evidence.trigger.detail})` : ''}`,
    ]);
  }
  return (
    <div className="details" data-testid="connectivity-details">
      <h3>{t('status.evidenceTitle')}</h3>
      <p data-testid="connectivity-reason">{t(`connectivity.reason.${reason.code}`, { ...reason.params })}</p>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{t('status.checkedAt', { time: formatTime(status.checkedAt, i18n.language) })}</p>
    </div>
  );
}
