import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { ErrorMessage } from '../app/ErrorMessage';
import { inputLimits } from '../app/field-limits';
import { formatTime } from '../i18n/format';
import type { SystemStore } from './system-store';

const messageLimits = inputLimits('system', 'ping', 'message');

/** A round trip through the main process, for support calls ("does the app still answer?"). */
export function DiagnosticsPanel({ store }: { store: SystemStore }) {
  const { t, i18n } = useTranslation();
  const [message, setMessage] = useState('ping');
  const reply = useStore(store, (s) => s.reply);
  const error = useStore(store, (s) => s.pingError);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void store.getState().ping(message);
  };
  return (
    <section className="panel" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title">{t('diagnostics.title')}</h2>
      <form onSubmit={submit} className="row">
        <label>
          {t('diagnostics.pingLabel')}
          <input value={message} onChange={(e) => setMessage(e.target.value)} name="ping-message" {...messageLimits} />
        </label>
        <button type="submit">{t('diagnostics.pingSend')}</button>
      </form>
      {reply && (
        <p role="status" data-testid="ping-reply">
          {t('diagnostics.pingReply', { message: reply.message, time: formatTime(reply.receivedAt, i18n.language) })}
        </p>
      )}
      {error && <ErrorMessage error={error} />}
    </section>
  );
}
