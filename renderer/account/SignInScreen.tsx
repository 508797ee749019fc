import { useEffect, useRef, useState } from 'react';
import type { FormEvent, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { FieldIssue } from '../../shared/contract';
import type { AccountState } from '../../shared/contract/account';
import { ErrorMessage } from '../app/ErrorMessage';
import { fieldSentence } from '../app/error-text';
import { inputLimits } from '../app/field-limits';
import type { AccountStore, SignInForm } from './account-store';

type SignedOut = Extract<AccountState, { status: 'signed-out' }>;
type FieldName = keyof SignInForm;

// The limits come from the contract's schema, so the form and the main process can never disagree.
const limits: Record<FieldName, ReturnType<typeof inputLimits>> = {
  server: inputLimits('account', 'signIn', 'server'),
  username: inputLimits('account', 'signIn', 'username'),
  password: inputLimits('account', 'signIn', 'password'),
};
const order: FieldName[] = ['server', 'username', 'password'];
const isFormField = (field: string): field is FieldName => (order as string[]).includes(field);

function Field({
  name,
  label,
  value,
  onChange,
  issue,
  inputRef,
  type = 'text',
  autoComplete,
  readOnly,
}: {
  name: FieldName;
  label: string;
  value: string;
  onChange(value: string): void;
  issue: FieldIssue | undefined;
  inputRef?: Ref<HTMLInputElement>;
  type?: string;
  autoComplete?: string;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const id = `sign-in-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        ref={inputRef}
        type={type}
        autoComplete={autoComplete}
        readOnly={readOnly}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...limits[name]}
        aria-invalid={issue ? true : undefined}
        aria-describedby={issue ? `${id}-error` : undefined}
      />
      {issue && (
        <p id={`${id}-error`} className="field-error" data-testid={`${name}-error`}>
          {fieldSentence(t, issue)}
        </p>
      )}
    </div>
  );
}

/** First run (and after sign-out): the office server address, user name and password. */
export function SignInScreen({ store, account }: { store: AccountStore; account: SignedOut }) {
  const { t } = useTranslation();
  const busy = useStore(store, (s) => s.busy);
  const error = useStore(store, (s) => s.error);
  const [form, setForm] = useState<SignInForm>({ server: account.server ?? '', username: '', password: '' });
  const inputs = useRef<Partial<Record<FieldName, HTMLInputElement | null>>>({});

  // Each problem next to its field; whatever is not about a field here goes in the message below.
  const issues = new Map<FieldName, FieldIssue>();
  for (const issue of error?.fields ?? [])
    if (isFormField(issue.field) && !issues.has(issue.field)) issues.set(issue.field, issue);
  const allAboutFields = error?.fields?.length && error.fields.every((f) => isFormField(f.field)) && !error.reason;
  const general = error && !allAboutFields ? error : null;

  // The user name is where a person starts (after sign-out too: this screen mounts again).
  useEffect(() => {
    inputs.current.username?.focus();
  }, []);
  // A refused field takes focus, so its sentence (aria-describedby) is read at once.
  const firstIssue = order.find((name) => issues.has(name));
  useEffect(() => {
    if (firstIssue) inputs.current[firstIssue]?.focus();
  }, [error, firstIssue]);

  const change = (name: FieldName) => (value: string) => {
    setForm((f) => ({ ...f, [name]: value }));
    store.getState().clearError();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void store
      .getState()
      .signIn({ ...form, server: account.serverLocked && account.server ? account.server : form.server });
  };

  return (
    <section className="panel sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" tabIndex={-1}>
        {t('account.title')}
      </h1>
      {(account.notice || account.reason) && (
        <p className="notice" role="status" data-testid="sign-in-notice">
          {account.notice ? t(`account.notice.${account.notice.code}`, account.notice.params) : account.reason}
        </p>
      )}
      {/* The browser's own validation bubbles would speak the browser's language, not the app's. */}
      <form onSubmit={submit} noValidate>
        <Field
          name="server"
          label={t('account.server')}
          value={account.serverLocked ? (account.server ?? '') : form.server}
          onChange={change('server')}
          readOnly={account.serverLocked}
          issue={issues.get('server')}
          inputRef={(el) => void (inputs.current.server = el)}
          autoComplete="url"
        />
        {account.serverLocked && <p className="muted">{t('account.serverLocked')}</p>}
        <Field
          name="username"
          label={t('account.username')}
          value={form.username}
          onChange={change('username')}
          issue={issues.get('username')}
          inputRef={(el) => void (inputs.current.username = el)}
          autoComplete="username"
        />
        <Field
          name="password"
          label={t('account.password')}
          type="password"
          value={form.password}
          onChange={change('password')}
          issue={issues.get('password')}
          inputRef={(el) => void (inputs.current.password = el)}
          autoComplete="current-password"
        />
        {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to the page body. */}
        <button type="submit" className="primary" aria-disabled={busy}>
          {busy ? t('account.signingIn') : t('account.signIn')}
        </button>
      </form>
      {general && <ErrorMessage error={general} />}
      <p className="muted" data-testid="secret-store">
        {account.secretStore.persistent
          ? t('account.keptIn', { store: account.secretStore.description })
          : t('account.sessionOnly')}
      </p>
      {account.demo && <p className="muted">{t('account.demoHint')}</p>}
    </section>
  );
}
