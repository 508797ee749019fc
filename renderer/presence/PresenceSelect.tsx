import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeleworkerApi } from '../../shared/contract';
import type { MyPresence } from '../../shared/contract/presence';
import { PresenceStatusSchema } from '../../shared/contract/presence';

/** The user's own presence; a change is queued in the outbox and shown as pending until confirmed. */
export function PresenceSelect({ api }: { api: TeleworkerApi }) {
  const { t } = useTranslation();
  const [mine, setMine] = useState<MyPresence | null>(null);
  useEffect(() => {
    const off = api.presence.onMineChanged(setMine);
    void api.presence.getMine().then((r) => r.ok && setMine(r.value));
    return off;
  }, [api]);
  if (!mine) return null;
  const change = async (status: MyPresence['status']) => {
    const r = await api.presence.setMine({ status });
    if (r.ok) setMine(r.value);
  };
  return (
    <label className="presence">
      {t('presence.label')}
      <select value={mine.status} onChange={(e) => void change(e.target.value as MyPresence['status'])} data-pending={mine.pending}>
        {PresenceStatusSchema.options.map((status) => (
          <option key={status} value={status}>
            {t(`presence.status.${status}`)}
          </option>
        ))}
      </select>
      {mine.pending && <span className="muted" data-testid="presence-pending">{t('sync.pending')}</span>}
    </label>
  );
}
