// The Chat section: conversations (the team channel, then a direct conversation per colleague with
// their state, location and status text) beside the open conversation: its person card, its
// messages and the composer. Works offline from the cache; my messages wait in the outbox.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { Conversation } from '../../shared/contract/chat';
import { ErrorMessage } from '../app/ErrorMessage';
import { inputLimits } from '../app/field-limits';
import { useFrame } from '../app/frame-context';
import { ListDetail } from '../app/ListDetail';
import type { ContractErrorData } from '../../shared/contract';
import { MessageList } from './MessageList';
import { PersonCard, PersonChip, PresenceLine } from './PersonChip';
import type { ChatStore } from './chat-store';
import { visibleLines } from './chat-store';
import './chat.css';

const bodyLimits = inputLimits('chat', 'send', 'body');

function ConversationItem({
  store,
  conversation,
  active,
}: {
  store: ChatStore;
  conversation: Conversation;
  active: boolean;
}) {
  const { t } = useTranslation();
  const person = useStore(store, (s) => (conversation.otherUserId ? s.people[conversation.otherUserId] : undefined));
  return (
    <li>
      <button
        type="button"
        className="conversation"
        aria-current={active ? 'true' : undefined}
        data-testid={`conversation-${conversation.kind}`}
        data-channel={conversation.id}
        onClick={() => store.getState().select(conversation.id)}
      >
        <span className="conversation-name">
          {conversation.kind === 'team' ? `# ${conversation.name}` : (person?.displayName ?? conversation.name)}
          {conversation.unread > 0 && (
            <span className="unread" data-testid="unread" aria-label={t('chat.unread', { count: conversation.unread })}>
              {conversation.unread}
            </span>
          )}
        </span>
        {person && <PresenceLine person={person} />}
      </button>
    </li>
  );
}

function Composer({ store, channelId, name }: { store: ChatStore; channelId: string; name: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<ContractErrorData | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const send = async () => {
    const body = text.trim();
    if (!body) return;
    // the field empties at once: what is typed while the message is handed over is the next one,
    // and must not be wiped when the first one's answer comes back
    setText('');
    const problem = await store.getState().send(channelId, body);
    setError(problem);
    // a refused message comes back to the field, unless something new was typed meanwhile
    if (problem) setText((now) => (now.trim() ? now : body));
    field.current?.focus();
  };
  return (
    <form
      className="composer"
      data-keep-clear
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label htmlFor="chat-composer" className="visually-hidden">
        {t('chat.writeTo', { name })}
      </label>
      <textarea
        id="chat-composer"
        ref={field}
        rows={2}
        value={text}
        maxLength={bodyLimits.maxLength}
        placeholder={t('chat.writeTo', { name })}
        aria-describedby="chat-composer-hint"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <button type="submit" disabled={!text.trim()}>
        {t('chat.send')}
      </button>
      <span id="chat-composer-hint" className="muted hint">
        {t('chat.composerHint')}
      </span>
      {error && <ErrorMessage error={error} />}
    </form>
  );
}

function Detail({ store }: { store: ChatStore }) {
  const { t } = useTranslation();
  const { go } = useFrame();
  const selected = useStore(store, (s) => s.selected);
  const conversation = useStore(store, (s) => s.conversations.find((c) => c.id === s.selected));
  const view = useStore(store, (s) => (s.selected ? s.views[s.selected] : undefined));
  const pending = useStore(store, (s) => s.pending);
  const people = useStore(store, (s) => s.people);
  const me = useStore(store, (s) => s.me);
  const onTicket = useCallback((id: string) => go('inbox', id), [go]);
  const onOlder = useCallback(() => selected && void store.getState().loadOlder(selected), [store, selected]);
  const onRetry = useCallback((id: string) => void store.getState().retry(id), [store]);
  const onDiscard = useCallback((id: string) => void store.getState().discard(id), [store]);
  if (!selected || !conversation) {
    return (
      <div className="chat-placeholder muted" data-testid="chat-none">
        {t('chat.pick')}
      </div>
    );
  }
  const person = conversation.otherUserId ? people[conversation.otherUserId] : undefined;
  const name = conversation.kind === 'team' ? `# ${conversation.name}` : (person?.displayName ?? conversation.name);
  const lines = visibleLines(view, pending, selected);
  return (
    <section className="conversation-detail" aria-labelledby="conversation-title" data-testid="conversation">
      <header className="conversation-header">
        <h2 id="conversation-title">{name}</h2>
        {/* the heading names the person: the chip beside it says their state (the name once) */}
        {person && <PersonChip person={person} stateOnly />}
        {conversation.kind === 'team' && (
          <span className="muted">{t('chat.members', { count: conversation.memberIds.length })}</span>
        )}
      </header>
      {view?.loading && lines.length === 0 ? (
        <div className="messages skeleton" aria-busy="true" aria-label={t('chat.loading')} data-testid="chat-loading">
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="skeleton-row" />
          ))}
        </div>
      ) : lines.length === 0 ? (
        <div className="messages empty muted" data-testid="chat-empty">
          {view?.error ? <ErrorMessage error={view.error} /> : <p>{t('chat.emptyConversation', { name })}</p>}
        </div>
      ) : (
        <MessageList
          channelId={selected}
          lines={lines}
          people={people}
          dividerAfter={view?.dividerAfter ?? null}
          me={me}
          hasOlder={view?.hasOlder ?? false}
          loadingOlder={view?.loadingOlder ?? false}
          error={view?.error ?? null}
          onOlder={onOlder}
          onTicket={onTicket}
          onRetry={onRetry}
          onDiscard={onDiscard}
        />
      )}
      <Composer key={selected} store={store} channelId={selected} name={name} />
    </section>
  );
}

export function ChatView({ store }: { store: ChatStore }) {
  const { t } = useTranslation();
  const loaded = useStore(store, (s) => s.loaded);
  const conversations = useStore(store, (s) => s.conversations);
  const selected = useStore(store, (s) => s.selected);
  const showing = useStore(store, (s) => s.showing);
  const error = useStore(store, (s) => s.error);
  const mePerson = useStore(store, (s) => (s.me ? s.people[s.me] : undefined));
  const mine = useStore(store, (s) => s.mine);
  const list = useRef<HTMLUListElement>(null);

  // while this section is on screen, the open conversation's messages do not notify
  useEffect(() => {
    store.getState().setOnScreen(true);
    return () => store.getState().setOnScreen(false);
  }, [store]);

  // j / k move through the conversations (not while typing); Enter opens the focused one.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || target?.closest('input, textarea, select, [contenteditable="true"]'))
        return;
      if (e.key !== 'j' && e.key !== 'k') return;
      const ids = store.getState().conversations.map((c) => c.id);
      if (ids.length === 0) return;
      const at = ids.indexOf(store.getState().selected ?? '');
      const next = ids[Math.min(ids.length - 1, Math.max(0, at + (e.key === 'j' ? 1 : -1)))]!;
      e.preventDefault();
      store.getState().select(next);
      list.current?.querySelector<HTMLButtonElement>(`[data-channel="${CSS.escape(next)}"]`)?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store]);

  if (!loaded) {
    return (
      <div className="chat-loading" aria-busy="true" data-testid="chat-loading">
        {[0, 1, 2].map((i) => (
          <div key={i} className="skeleton-row" />
        ))}
      </div>
    );
  }
  if (error && conversations.length === 0) return <ErrorMessage error={error} />;
  if (conversations.length === 0) {
    return (
      <div className="empty-state" data-testid="chat-no-team">
        <h2>{t('chat.noTeamTitle')}</h2>
        <p>{t('chat.noTeamBody')}</p>
      </div>
    );
  }
  const team = conversations.filter((c) => c.kind === 'team');
  const direct = conversations.filter((c) => c.kind === 'dm');
  return (
    <ListDetail
      showing={showing}
      onBack={() => store.getState().back()}
      listLabel={t('chat.conversations')}
      list={
        <nav className="conversations" aria-label={t('chat.conversations')}>
          {mePerson && mine && (
            <div className="me-card" data-testid="me-card">
              <PersonCard
                self
                person={{ ...mePerson, status: mine.status, location: mine.location, statusText: mine.statusText }}
              />
            </div>
          )}
          <h2 className="list-heading">{t('chat.channels')}</h2>
          <ul ref={list}>
            {team.map((c) => (
              <ConversationItem key={c.id} store={store} conversation={c} active={c.id === selected} />
            ))}
          </ul>
          <h2 className="list-heading">{t('chat.colleagues')}</h2>
          <ul data-testid="colleagues">
            {direct.map((c) => (
              <ConversationItem key={c.id} store={store} conversation={c} active={c.id === selected} />
            ))}
          </ul>
        </nav>
      }
      detail={<Detail store={store} />}
    />
  );
}
