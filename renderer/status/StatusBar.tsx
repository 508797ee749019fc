import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { ErrorMessage } from '../app/ErrorMessage';
import { useNow } from '../app/use-now';
import { formatDuration } from '../i18n/format';
import { StatusDetails } from './StatusDetails';
import type { StatusStore } from './status-store';
import { toneOf } from './status-store';

/** Always visible: where the office connection stands, since when, and how fast. */
export function StatusBar({ store, children }: { store: StatusStore; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const status = useStore(store, (s) => s.status);
  const error = useStore(store, (s) => s.error);
  const checking = useStore(store, (s) => s.checking);
  const [open, setOpen] = useState(false);
  const now = useNow();
  const tone = toneOf(status?.status);
  return (
    <div className="status-bar" data-tone={tone}>
      <span className="dot" aria-hidden="true" />
      <span className="status-label" data-testid="connectivity-status" data-status={status?.status ?? 'unknown'}>
        {t('status.label')}: {status ? t(`status.${status.status}`) : t('status.checking')}
      </span>
      {status && <span className="muted">{t('status.since', { duration: formatDuration(now - Date.parse(status.since), i18n.language) })}</span>}
      {status?.latencyMs != null && <span className="muted">{t('status.latency', { ms: Math.round(status.latencyMs) })}</span>}
      {children}
      <button type="button" onClick={() => void store.getState().checkNow()} disabled={checking}>
        {checking ? t('status.checking') : t('status.checkNow')}
      </button>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('status.hideDetails') : t('status.details')}
      </button>
      {error && <ErrorMessage error={error} />}
      {open && <StatusDetails status={status} />}
    </div>
  );
}
