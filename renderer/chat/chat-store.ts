// The Chat section's store: conversations with unread counts, the colleagues and their presence,
// the open conversation's lines (paged towards older ones), and my messages still in the outbox.
// It talks to window.teleworker only (the chat and presence areas).
import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, TeleworkerApi } from '../../shared/contract';
import type { ChatLine, Conversation } from '../../shared/contract/chat';
import type { MyPresence, Person } from '../../shared/contract/presence';
import { disposables } from '../../shared/disposables';

export interface ConversationView {
  /** the office's messages, oldest first, by key */
  lines: ChatLine[];
  loading: boolean;
  loadingOlder: boolean;
  hasOlder: boolean;
  /** my read marker when I opened it: the "new messages" divider goes after it */
  dividerAfter: string | null;
  error: ContractErrorData | null;
}

export interface ChatState {
  loaded: boolean;
  conversations: Conversation[];
  people: Record<string, Person>;
  me: string | null;
  mine: MyPresence | null;
  selected: string | null;
  /** narrow windows show one pane at a time */
  showing: 'list' | 'detail';
  views: Record<string, ConversationView>;
  /** my messages in the outbox, every conversation */
  pending: ChatLine[];
  error: ContractErrorData | null;
  /** whether the window is looked at (read markers move only then) */
  attentive: () => boolean;
  follow(): () => void;
  select(channelId: string): void;
  back(): void;
  loadOlder(channelId: string): Promise<void>;
  send(channelId: string, body: string): Promise<ContractErrorData | null>;
  retry(outboxId: string): Promise<void>;
  discard(outboxId: string): Promise<void>;
  markRead(channelId: string): void;
  /** the Chat section is (or no longer is) on screen: the open conversation then does not notify */
  setOnScreen(onScreen: boolean): void;
}

const emptyView = (): ConversationView => ({
  lines: [],
  loading: true,
  loadingOlder: false,
  hasOlder: false,
  dividerAfter: null,
  error: null,
});

const isAscending = (lines: readonly ChatLine[]): boolean => {
  for (let i = 1; i < lines.length; i++) if (!(lines[i - 1]!.key < lines[i]!.key)) return false;
  return true;
};

/** Inserts lines by key, without duplicates (a live message may also come in a page). */
export function mergeLines(existing: readonly ChatLine[], incoming: readonly ChatLine[]): ChatLine[] {
  if (incoming.length === 0) return existing as ChatLine[];
  const last = existing[existing.length - 1];
  // the common case: one new message after the last one
  if (incoming.length === 1 && (!last || incoming[0]!.key > last.key)) return [...existing, incoming[0]!];
  // an older page (oldest first, all before what is there): put in front, no sort over thousands
  const first = existing[0];
  if (first && isAscending(incoming) && incoming[incoming.length - 1]!.key < first.key)
    return [...incoming, ...existing];
  const byKey = new Map(existing.map((l) => [l.key, l]));
  for (const line of incoming) byKey.set(line.key, line);
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** What a conversation shows: the office's lines, then mine still waiting (not yet in the office's). */
export function visibleLines(
  view: ConversationView | undefined,
  pending: readonly ChatLine[],
  channelId: string,
): ChatLine[] {
  const lines = view?.lines ?? [];
  const mine = pending.filter((p) => p.channelId === channelId);
  if (mine.length === 0) return lines;
  const sent = new Set<string>();
  // only the newest lines can hold a just-delivered message; looking at them all would cost O(n) per render
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 200; i--) sent.add(lines[i]!.clientId);
  const waiting = mine.filter((p) => !sent.has(p.clientId));
  return waiting.length ? [...lines, ...waiting] : lines;
}

export const unreadTotal = (state: Pick<ChatState, 'conversations'>): number =>
  state.conversations.reduce((sum, c) => sum + c.unread, 0);

const PAGE = 50;
// Scrolling back asks for more at a time: fewer round trips through the whole history, and the
// list renders only the rows in view however many are loaded.
const OLDER_PAGE = 500; // the contract's most
/** older pages asked for ahead of the scroll */
const AHEAD = 2;

export const createChatStore = (api: TeleworkerApi, options: { attentive?: () => boolean } = {}) =>
  createStore<ChatState>()((set, get) => {
    const patchView = (
      channelId: string,
      patch: Partial<ConversationView> | ((v: ConversationView) => Partial<ConversationView>),
    ) =>
      set((s) => {
        const view = s.views[channelId] ?? emptyView();
        return {
          views: { ...s.views, [channelId]: { ...view, ...(typeof patch === 'function' ? patch(view) : patch) } },
        };
      });

    // The next older pages of each open conversation, asked for as soon as the one before each has
    // arrived (up to AHEAD of them), so scrolling up finds them waiting instead of waiting on the
    // main process (and the office); a quick scroll then costs one render per page, not a round trip.
    type Page = Awaited<ReturnType<TeleworkerApi['chat']['messages']>>;
    type Ahead = { before: string; page: Promise<Page> };
    const ahead = new Map<string, Ahead[]>();
    const olderPage = (channelId: string, before: string): Promise<Page> => {
      const queue = ahead.get(channelId);
      const next = queue?.[0];
      if (queue && next?.before === before) {
        queue.shift();
        return next.page;
      }
      ahead.delete(channelId);
      return api.chat.messages({ channelId, before, limit: OLDER_PAGE });
    };
    const extendAhead = (channelId: string, queue: Ahead[], before: string) => {
      if (ahead.get(channelId) !== queue || queue.length >= AHEAD || queue.some((a) => a.before === before)) return;
      const page = api.chat.messages({ channelId, before, limit: OLDER_PAGE });
      queue.push({ before, page });
      // a failure shows when the scroll asks for the page (it asks again then)
      page.then(
        (r) => r.ok && r.value.hasOlder && r.value.items[0] && extendAhead(channelId, queue, r.value.items[0].key),
        () => {},
      );
    };
    const prefetchOlder = (channelId: string) => {
      const view = get().views[channelId];
      if (!view || !view.hasOlder || view.lines.length === 0) return;
      const before = view.lines[0]!.key;
      let queue = ahead.get(channelId);
      if (!queue || (queue.length > 0 && queue[0]!.before !== before)) ahead.set(channelId, (queue = []));
      if (queue.length === 0) return extendAhead(channelId, queue, before);
      // one was taken: the chain goes on from the last one waiting
      const last = queue[queue.length - 1]!;
      last.page.then(
        (r) => r.ok && r.value.hasOlder && r.value.items[0] && extendAhead(channelId, queue, r.value.items[0].key),
        () => {},
      );
    };

    // A conversation left keeps only its newest page: a busy channel followed all day would otherwise
    // hold every message of the day in the window; scrolling back there fetches them again (from the
    // main process's cache), as on any first open.
    const leave = (channelId: string | null) => {
      if (!channelId) return;
      ahead.delete(channelId);
      patchView(channelId, (v) => (v.lines.length > PAGE ? { lines: v.lines.slice(-PAGE), hasOlder: true } : {}));
    };

    const load = async (channelId: string) => {
      patchView(channelId, { loading: true, error: null });
      const r = await api.chat.messages({ channelId, limit: PAGE });
      if (!r.ok) return patchView(channelId, { loading: false, error: r.error });
      patchView(channelId, (v) => ({
        lines: mergeLines(r.value.items, v.lines),
        loading: false,
        hasOlder: r.value.hasOlder,
        dividerAfter: r.value.lastReadKey,
      }));
      get().markRead(channelId);
      prefetchOlder(channelId);
    };

    let readTimer: ReturnType<typeof setTimeout> | null = null;
    // what the main process was last told is on screen (it starts knowing of none)
    let onScreen = false;
    let told: string | null = null;
    const tellViewing = () => {
      const s = get();
      // (in a narrow window "back" shows the list instead of the conversation)
      const channelId = onScreen && s.selected && s.showing === 'detail' && s.attentive() ? s.selected : null;
      if (channelId === told) return;
      told = channelId;
      void api.chat.viewing({ channelId });
    };

    return {
      loaded: false,
      conversations: [],
      people: {},
      me: null,
      mine: null,
      selected: null,
      showing: 'list',
      views: {},
      pending: [],
      error: null,
      // looked at: visible, and the window has the focus (a window behind others is not being read)
      attentive:
        options.attentive ??
        (() =>
          typeof document === 'undefined' ||
          (document.visibilityState === 'visible' && (typeof document.hasFocus !== 'function' || document.hasFocus()))),

      follow() {
        // a reloaded page starts from nothing on screen, whatever the main process last heard
        told = null;
        void api.chat.viewing({ channelId: null });
        const offs = disposables(
          api.chat.onConversationsChanged(({ items }) => set({ conversations: items })),
          api.chat.onPendingChanged(({ items }) => set({ pending: items })),
          api.chat.onMessage((line) => {
            if (!get().views[line.channelId]) return;
            patchView(line.channelId, (v) => ({ lines: mergeLines(v.lines, [line]) }));
            if (get().selected === line.channelId) get().markRead(line.channelId);
          }),
          api.presence.onTeamChanged(({ items }) =>
            set((s) => ({ people: { ...s.people, ...Object.fromEntries(items.map((p) => [p.id, p])) } })),
          ),
          api.presence.onMineChanged((mine) => set({ mine })),
        );
        void Promise.all([
          api.chat.conversations(),
          api.chat.pending(),
          api.presence.team(),
          api.presence.getMine(),
        ]).then(([c, p, team, mine]) => {
          set({
            loaded: true,
            ...(c.ok ? { conversations: c.value.items, error: null } : { error: c.error }),
            ...(p.ok ? { pending: p.value.items } : {}),
            ...(team.ok
              ? {
                  people: { ...Object.fromEntries(team.value.items.map((x) => [x.id, x])), ...get().people },
                  me: team.value.me,
                }
              : {}),
            ...(mine.ok ? { mine: mine.value } : {}),
          });
          const selected = get().selected;
          if (selected && !get().views[selected]) void load(selected);
        });
        const onVisible = () => {
          const selected = get().selected;
          if (selected && get().attentive()) get().markRead(selected);
          tellViewing();
        };
        document.addEventListener('visibilitychange', onVisible);
        window.addEventListener('focus', onVisible);
        window.addEventListener('blur', onVisible);
        return () => {
          offs.dispose();
          document.removeEventListener('visibilitychange', onVisible);
          window.removeEventListener('focus', onVisible);
          window.removeEventListener('blur', onVisible);
          if (readTimer) clearTimeout(readTimer);
        };
      },

      select(channelId) {
        const previous = get().selected;
        if (previous !== channelId) leave(previous);
        set({ selected: channelId, showing: 'detail' });
        tellViewing();
        const view = get().views[channelId];
        if (!view || view.error) void load(channelId);
        else {
          // reopened: the divider moves to what was unread now
          const conversation = get().conversations.find((c) => c.id === channelId);
          if (conversation && conversation.unread > 0) void load(channelId);
          else get().markRead(channelId);
        }
      },

      back() {
        set({ showing: 'list' });
        tellViewing();
      },

      async loadOlder(channelId) {
        const view = get().views[channelId];
        if (!view || view.loadingOlder || !view.hasOlder || view.lines.length === 0) return;
        patchView(channelId, { loadingOlder: true });
        const before = view.lines[0]!.key;
        const r = await olderPage(channelId, before);
        // left meanwhile (its lines trimmed): this page no longer joins what is kept
        if (get().views[channelId]?.lines[0]?.key !== before) return patchView(channelId, { loadingOlder: false });
        if (!r.ok) return patchView(channelId, { loadingOlder: false, error: r.error });
        patchView(channelId, (v) => ({
          lines: mergeLines(v.lines, r.value.items),
          loadingOlder: false,
          hasOlder: r.value.hasOlder,
          error: null,
        }));
        prefetchOlder(channelId);
      },

      async send(channelId, body) {
        const r = await api.chat.send({ channelId, body });
        if (!r.ok) return r.error;
        set((s) => ({
          pending: s.pending.some((p) => p.outboxId === r.value.outboxId) ? s.pending : [...s.pending, r.value],
        }));
        return null;
      },

      async retry(outboxId) {
        const r = await api.chat.retry({ outboxId });
        if (!r.ok) set({ error: r.error });
      },

      async discard(outboxId) {
        const r = await api.chat.discard({ outboxId });
        if (r.ok) set((s) => ({ pending: s.pending.filter((p) => p.outboxId !== outboxId) }));
        else set({ error: r.error });
      },

      setOnScreen(value) {
        if (onScreen && !value) leave(get().selected);
        onScreen = value;
        tellViewing();
      },

      markRead(channelId) {
        if (!get().attentive()) return;
        // the count drops at once; the main process follows a moment later (one call per burst)
        set((s) => ({
          conversations: s.conversations.map((c) => (c.id === channelId && c.unread > 0 ? { ...c, unread: 0 } : c)),
        }));
        if (readTimer) clearTimeout(readTimer);
        readTimer = setTimeout(() => {
          readTimer = null;
          void api.chat.markRead({ channelId });
        }, 150);
      },
    };
  });

export type ChatStore = ReturnType<typeof createChatStore>;
