import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { TicketFilter } from '../../shared/contract/tickets';
import { PRIORITIES, SLA_BUCKETS } from '../../shared/domain/sla';
import { ESCALATION_LEVELS, TICKET_STATUSES } from '../../shared/domain/tickets';
import { inputLimits } from '../app/field-limits';
import type { InboxState } from './inbox-store';

export const SEARCH_ID = 'inbox-search';

/** The section header: search, the scope chips, the filter panel with saved views, and (managers) a new ticket. */
export function InboxHeader({ store }: { store: StoreApi<InboxState> }) {
  const { t } = useTranslation();
  const query = useStore(store, (s) => s.query);
  const filter = useStore(store, (s) => s.filter);
  const counts = useStore(store, (s) => s.counts);
  const manager = useStore(store, (s) => s.manager);
  const views = useStore(store, (s) => s.views);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const s = store.getState();

  const chip = (label: string, pressed: boolean, onClick: () => void, testId: string) => (
    <button type="button" className="chip" aria-pressed={pressed} onClick={onClick} data-testid={testId}>
      {label}
    </button>
  );
  const onlyRisk = filter.risk?.length === 3;
  const onlyWaiting = filter.status?.length === 1 && filter.status[0] === 'waiting-on-user';

  return (
    <div className="inbox-header">
      <input
        id={SEARCH_ID}
        type="search"
        className="inbox-search"
        value={query}
        placeholder={t('inbox.searchPlaceholder')}
        aria-label={t('inbox.search')}
        aria-keyshortcuts="/"
        {...inputLimits('tickets', 'search', 'query')}
        onChange={(e) => void s.search(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            void s.search('');
            (e.target as HTMLInputElement).blur();
          }
        }}
      />
      <div className="chips" role="group" aria-label={t('inbox.scopes')}>
        {chip(
          t('inbox.scope.mine', { count: counts.mine }),
          filter.scope === 'mine' && !onlyRisk && !onlyWaiting,
          () => s.setFilter({ scope: 'mine', risk: undefined, status: undefined }),
          'scope-mine',
        )}
        {manager &&
          chip(
            t('inbox.scope.team', { count: counts.team }),
            filter.scope === 'team' && !onlyRisk && !onlyWaiting,
            () => s.setFilter({ scope: 'team', risk: undefined, status: undefined }),
            'scope-team',
          )}
        {manager &&
          chip(
            t('inbox.scope.unassigned', { count: counts.unassigned }),
            filter.scope === 'unassigned' && !onlyRisk && !onlyWaiting,
            () => s.setFilter({ scope: 'unassigned', risk: undefined, status: undefined }),
            'scope-unassigned',
          )}
        {(counts.queue > 0 || filter.scope === 'queue') &&
          chip(
            t('inbox.scope.queue', { count: counts.queue }),
            filter.scope === 'queue' && !onlyRisk && !onlyWaiting,
            () => s.setFilter({ scope: 'queue', risk: undefined, status: undefined }),
            'scope-queue',
          )}
        {(counts.escalated > 0 || filter.scope === 'escalated') &&
          chip(
            t('inbox.scope.escalated', { count: counts.escalated }),
            filter.scope === 'escalated' && !onlyRisk && !onlyWaiting,
            () => s.setFilter({ scope: 'escalated', risk: undefined, status: undefined }),
            'scope-escalated',
          )}
        {chip(
          t('inbox.scope.atRisk', { count: counts.atRisk }),
          onlyRisk,
          // within the scope shown: on the team queue, the team's tickets at risk
          () => s.setFilter({ scope: filter.scope, status: undefined, risk: ['at-risk', 'critical', 'breached'] }),
          'scope-at-risk',
        )}
        {chip(
          t('inbox.scope.waiting', { count: counts.waiting }),
          onlyWaiting,
          () => s.setFilter({ scope: filter.scope, risk: undefined, status: ['waiting-on-user'] }),
          'scope-waiting',
        )}
        <button type="button" className="chip" aria-expanded={filtersOpen} onClick={() => setFiltersOpen((v) => !v)}>
          + {t('inbox.filter.title')}
        </button>
        {manager && (
          <button
            type="button"
            className="chip"
            aria-expanded={creating}
            onClick={() => setCreating((v) => !v)}
            data-testid="new-ticket"
          >
            + {t('inbox.create.title')}
          </button>
        )}
      </div>
      {filtersOpen && <FilterPanel store={store} filter={filter} manager={manager} views={views.map((v) => v.name)} />}
      {creating && <CreateForm store={store} onDone={() => setCreating(false)} />}
    </div>
  );
}

function MultiSelect<T extends string>({
  label,
  options,
  value,
  word,
  onChange,
}: {
  label: string;
  options: readonly T[];
  value: readonly T[] | undefined;
  word(v: T): string;
  onChange(v: T[] | undefined): void;
}) {
  return (
    <fieldset className="filter-group">
      <legend>{label}</legend>
      {options.map((option) => (
        <label key={option}>
          <input
            type="checkbox"
            checked={value?.includes(option) ?? false}
            onChange={(e) => {
              const next = new Set(value ?? []);
              if (e.target.checked) next.add(option);
              else next.delete(option);
              onChange(next.size ? [...next] : undefined);
            }}
          />
          {word(option)}
        </label>
      ))}
    </fieldset>
  );
}

function FilterPanel({
  store,
  filter,
  manager,
  views,
}: {
  store: StoreApi<InboxState>;
  filter: TicketFilter;
  manager: boolean;
  views: string[];
}) {
  const { t } = useTranslation();
  const people = useStore(store, (s) => s.people);
  const [name, setName] = useState('');
  const s = store.getState();
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) void s.saveView(name.trim()).then(() => setName(''));
  };
  return (
    <div className="filter-panel" role="region" aria-label={t('inbox.filter.title')}>
      <MultiSelect
        label={t('inbox.filter.status')}
        options={TICKET_STATUSES}
        value={filter.status}
        word={(v) => t(`inbox.status.${v}`)}
        onChange={(status) => s.setFilter({ status })}
      />
      <MultiSelect
        label={t('inbox.filter.priority')}
        options={PRIORITIES}
        value={filter.priority}
        word={(v) => v}
        onChange={(priority) => s.setFilter({ priority })}
      />
      <MultiSelect
        label={t('inbox.filter.risk')}
        options={SLA_BUCKETS}
        value={filter.risk}
        word={(v) => t(`inbox.bucket.${v}`)}
        onChange={(risk) => s.setFilter({ risk })}
      />
      <MultiSelect
        label={t('inbox.filter.level')}
        options={ESCALATION_LEVELS}
        value={filter.level}
        word={(v) => v}
        onChange={(level) => s.setFilter({ level })}
      />
      {manager && (
        <label className="filter-group">
          {t('inbox.filter.assignee')}
          <select
            value={filter.assigneeId ?? ''}
            onChange={(e) => s.setFilter({ assigneeId: e.target.value || undefined, scope: 'team' })}
          >
            <option value="">{t('inbox.filter.anyone')}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="filter-views">
        {views.length > 0 && (
          <label>
            {t('inbox.views.open')}
            <select value="" onChange={(e) => e.target.value && s.applyView(e.target.value)}>
              <option value="">{t('inbox.views.choose')}</option>
              {views.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
        )}
        <form onSubmit={save} className="inline-form">
          <label>
            {t('inbox.views.name')}
            <input value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit">{t('inbox.views.save')}</button>
        </form>
        {views.map((v) => (
          <button key={v} type="button" className="quiet" onClick={() => void s.deleteView(v)}>
            {t('inbox.views.delete', { name: v })}
          </button>
        ))}
        <button
          type="button"
          className="quiet"
          onClick={() =>
            s.setFilter({
              status: undefined,
              priority: undefined,
              risk: undefined,
              level: undefined,
              assigneeId: undefined,
            })
          }
        >
          {t('inbox.filter.clear')}
        </button>
      </div>
    </div>
  );
}

function CreateForm({ store, onDone }: { store: StoreApi<InboxState>; onDone(): void }) {
  const { t } = useTranslation();
  const people = useStore(store, (s) => s.people);
  const busy = useStore(store, (s) => s.busy);
  const [form, setForm] = useState({
    title: '',
    requester: '',
    description: '',
    priority: 'P3' as (typeof PRIORITIES)[number],
    assigneeId: '',
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const ok = await store.getState().create({
      title: form.title,
      requester: form.requester,
      description: form.description,
      priority: form.priority,
      assigneeId: form.assigneeId || null,
    });
    if (ok) onDone();
  };
  return (
    <form className="create-ticket" onSubmit={(e) => void submit(e)} aria-label={t('inbox.create.title')}>
      <label>
        {t('inbox.create.ticketTitle')}
        <input
          {...inputLimits('tickets', 'create', 'title')}
          value={form.title}
          onChange={(e) => setForm({ ...form, title: e.target.value })}
        />
      </label>
      <label>
        {t('inbox.create.requester')}
        <input
          {...inputLimits('tickets', 'create', 'requester')}
          value={form.requester}
          onChange={(e) => setForm({ ...form, requester: e.target.value })}
        />
      </label>
      <label>
        {t('inbox.create.priority')}
        <select
          value={form.priority}
          onChange={(e) => setForm({ ...form, priority: e.target.value as (typeof PRIORITIES)[number] })}
        >
          {PRIORITIES.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      <label>
        {t('inbox.create.assignee')}
        <select value={form.assigneeId} onChange={(e) => setForm({ ...form, assigneeId: e.target.value })}>
          <option value="">{t('inbox.unassigned')}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="wide">
        {t('inbox.create.description')}
        <textarea
          maxLength={20_000}
          rows={3}
          value={form.description}
          onChange={(e) => setForm({ ...form, description: e.target.value })}
        />
      </label>
      <button type="submit" className="primary" aria-disabled={busy}>
        {t('inbox.create.submit')}
      </button>
      <button type="button" className="quiet" onClick={onDone}>
        {t('inbox.cancel')}
      </button>
    </form>
  );
}
