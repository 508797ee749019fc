import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { AdminAccount, AdminTeam } from '../../shared/contract/admin';
import type { Role } from '../../shared/office-api';
import { ErrorMessage } from '../app/ErrorMessage';
import type { AdminStore } from './admin-store';

const ROLES: readonly Role[] = ['worker', 'manager', 'admin'];
const MIN_PASSWORD = 10;

function TeamSelect({
  teams,
  value,
  onChange,
  label,
  disabled,
  testId,
}: {
  teams: AdminTeam[];
  value: string | null;
  onChange(teamId: string | null): void;
  label: string;
  disabled?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <select
      aria-label={label}
      value={value ?? ''}
      disabled={disabled}
      data-testid={testId}
      onChange={(e) => onChange(e.target.value || null)}
    >
      <option value="">{t('admin.noTeam')}</option>
      {teams.map((team) => (
        // a team's name is text from a person
        <option key={team.id} value={team.id}>
          {team.name}
        </option>
      ))}
    </select>
  );
}

function PasswordReset({ account, store }: { account: AdminAccount; store: AdminStore }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)} data-testid={`admin-reset-${account.username}`}>
        {t('admin.resetPassword')}
      </button>
    );
  return (
    <form
      className="admin-inline"
      onSubmit={(e) => {
        e.preventDefault();
        void store
          .getState()
          .resetPassword(account.id, password)
          .then((ok) => {
            if (!ok) return;
            setPassword('');
            setOpen(false);
          });
      }}
    >
      <label>
        {t('admin.newPassword', { name: account.displayName })}{' '}
        <input
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD}
          maxLength={256}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <button type="submit">{t('admin.setPassword')}</button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('admin.cancel')}
      </button>
    </form>
  );
}

function AccountRow({ account, teams, store }: { account: AdminAccount; teams: AdminTeam[]; store: AdminStore }) {
  const { t } = useTranslation();
  const busy = useStore(store, (s) => s.busy === account.id);
  const update = store.getState().update;
  const directory = account.authSource === 'directory';
  return (
    <tr data-testid="admin-account" data-user={account.username} data-disabled={account.disabled || undefined}>
      <th scope="row">
        {account.displayName}
        <div className="secondary">
          {account.username}
          {directory && ` · ${t('admin.directory')}`}
        </div>
      </th>
      <td>
        <select
          aria-label={t('admin.roleOf', { name: account.displayName })}
          value={account.role}
          disabled={busy}
          data-testid={`admin-role-${account.username}`}
          onChange={(e) => void update(account.id, { role: e.target.value as Role })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`admin.role.${r}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <TeamSelect
          teams={teams}
          value={account.teamId}
          disabled={busy}
          label={t('admin.teamOf', { name: account.displayName })}
          testId={`admin-team-${account.username}`}
          onChange={(teamId) => void update(account.id, { teamId })}
        />
      </td>
      <td data-testid="admin-state">{account.disabled ? t('admin.disabled') : t('admin.active')}</td>
      <td className="admin-actions">
        <button
          type="button"
          aria-disabled={busy || undefined}
          data-testid={`admin-toggle-${account.username}`}
          onClick={() => {
            if (busy) return;
            void update(account.id, { disabled: !account.disabled });
          }}
        >
          {account.disabled ? t('admin.enable') : t('admin.disable')}
        </button>
        {directory ? (
          <span className="muted">{t('admin.passwordInDirectory')}</span>
        ) : (
          <PasswordReset account={account} store={store} />
        )}
      </td>
    </tr>
  );
}

function NewAccount({ teams, store }: { teams: AdminTeam[]; store: AdminStore }) {
  const { t } = useTranslation();
  const empty = { username: '', displayName: '', role: 'worker' as Role, teamId: teams[0]?.id ?? null, password: '' };
  const [form, setForm] = useState(empty);
  const busy = useStore(store, (s) => s.busy === 'new');
  return (
    <form
      className="admin-form"
      aria-labelledby="admin-new-title"
      data-testid="admin-new"
      onSubmit={(e) => {
        e.preventDefault();
        if (busy) return;
        void store
          .getState()
          .create({ ...form, username: form.username.trim().toLowerCase(), displayName: form.displayName.trim() })
          .then((ok) => ok && setForm(empty));
      }}
    >
      <h3 id="admin-new-title">{t('admin.new.title')}</h3>
      <label>
        {t('admin.new.username')}{' '}
        <input
          required
          maxLength={64}
          pattern="[A-Za-z0-9._\-]{2,64}"
          autoComplete="off"
          value={form.username}
          onChange={(e) => setForm({ ...form, username: e.target.value })}
        />
      </label>
      <label>
        {t('admin.new.displayName')}{' '}
        <input
          required
          maxLength={120}
          value={form.displayName}
          onChange={(e) => setForm({ ...form, displayName: e.target.value })}
        />
      </label>
      <label>
        {t('admin.new.role')}{' '}
        <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`admin.role.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.new.team')}{' '}
        <TeamSelect
          teams={teams}
          value={form.teamId}
          label={t('admin.new.team')}
          onChange={(teamId) => setForm({ ...form, teamId })}
        />
      </label>
      <label>
        {t('admin.new.password')}{' '}
        <input
          type="password"
          required
          minLength={MIN_PASSWORD}
          maxLength={256}
          autoComplete="new-password"
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
        />
      </label>
      <button type="submit" aria-disabled={busy || undefined}>
        {t('admin.new.create')}
      </button>
    </form>
  );
}

function NewTeam({ store }: { store: AdminStore }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  return (
    <form
      className="admin-form"
      aria-labelledby="admin-team-title"
      onSubmit={(e) => {
        e.preventDefault();
        void store
          .getState()
          .createTeam(name.trim())
          .then((ok) => ok && setName(''));
      }}
    >
      <h3 id="admin-team-title">{t('admin.team.title')}</h3>
      <label>
        {t('admin.team.name')} <input required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit">{t('admin.team.create')}</button>
    </form>
  );
}

export function AdminView({ store }: { store: AdminStore }) {
  const { t } = useTranslation();
  const directory = useStore(store, (s) => s.directory);
  const error = useStore(store, (s) => s.error);
  const done = useStore(store, (s) => s.done);
  const loading = useStore(store, (s) => s.loading);
  if (!directory)
    return error ? (
      <ErrorMessage error={error} />
    ) : (
      <p className="skeleton" aria-busy="true">
        {t('admin.loading')}
      </p>
    );
  return (
    <div className="admin" data-testid="admin-view">
      <div className="actions">
        <button type="button" onClick={() => void store.getState().load()} aria-disabled={loading || undefined}>
          {t('admin.refresh')}
        </button>
      </div>
      <p role="status" className="admin-done">
        {done ? t(`admin.done.${done.what}`, { name: done.name }) : ''}
      </p>
      {error && <ErrorMessage error={error} />}
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.columns.person')}</th>
            <th scope="col">{t('admin.columns.role')}</th>
            <th scope="col">{t('admin.columns.team')}</th>
            <th scope="col">{t('admin.columns.state')}</th>
            <th scope="col">{t('admin.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {directory.accounts.map((a) => (
            <AccountRow key={a.id} account={a} teams={directory.teams} store={store} />
          ))}
        </tbody>
      </table>
      <p className="muted">{t('admin.recorded')}</p>
      <NewAccount teams={directory.teams} store={store} />
      <NewTeam store={store} />
    </div>
  );
}
