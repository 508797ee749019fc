import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { App } from '../../../renderer/app/App';
import { defineSection, defineStatusItem, staticStore } from '../../../renderer/app/feature';
import { managesTeam } from '../../../shared/domain/roles';
import type { Followable, Section, StatusItem } from '../../../renderer/app/feature';
import { sections, statusItems } from '../../../renderer/app/features';
import { loadScreens } from '../../../renderer/app/section-screens';
import { setupI18n } from '../../../renderer/i18n';
import type { AccountState } from '../../../shared/contract/account';
import { fakeApi, memoryStorage, signedIn, signedOut } from './fake-api';

afterEach(cleanup);

interface Options {
  storage?: ReturnType<typeof memoryStorage>;
  sections?: readonly Section[];
  statusItems?: readonly StatusItem[];
}

async function renderApp(account: AccountState, options: Options = {}) {
  const i18n = await setupI18n('en');
  const main = fakeApi({ account });
  const storage = options.storage ?? memoryStorage();
  const view = render(
    <I18nextProvider i18n={i18n}>
      <App api={main.api} storage={storage} sections={options.sections} statusItems={options.statusItems} />
    </I18nextProvider>,
  );
  return { main, storage, view };
}

const railLabels = () =>
  within(screen.getByRole('navigation', { name: 'Sections' }))
    .getAllByRole('button')
    .map((b) => b.textContent);

const key = (k: string, init: Partial<KeyboardEventInit> = {}) =>
  fireEvent.keyDown(document.activeElement ?? document.body, { key: k, ...init });

describe('the frame', () => {
  // The registered sections' chunks fetched once up front: these tests are about the frame, not about
  // how long a section's modules take to transform here (the lazy path has its own test below).
  beforeAll(() => Promise.all(sections.map(loadScreens)), 60_000);

  it('shows a worker the work sections and help, but not Team', async () => {
    await renderApp(signedIn('worker'));
    await screen.findByRole('navigation', { name: 'Sections' });
    expect(railLabels()).toEqual(['Inbox', 'Chat', 'Work session', 'Office days', 'Settings', 'Help']);
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByRole('contentinfo', { name: 'Status bar' })).toBeTruthy();
  });

  it('shows a manager the Team section too, and an admin (who manages no team) not', async () => {
    await renderApp(signedIn('manager'));
    await screen.findByRole('navigation', { name: 'Sections' });
    expect(railLabels()).toEqual(['Inbox', 'Chat', 'Work session', 'Office days', 'Team', 'Settings', 'Help']);
    cleanup();
    await renderApp(signedIn('admin', 'u-admin'));
    await screen.findByRole('navigation', { name: 'Sections' });
    expect(railLabels()).not.toContain('Team');
  });

  it('never creates the store of a section the user may not see, and drops session stores at sign-out', async () => {
    const made: string[] = [];
    const stopped: string[] = [];
    const tracked = (id: string) => () =>
      createStore<Followable>()(() => ({
        follow() {
          made.push(id);
          return () => stopped.push(id);
        },
      }));
    const Empty = () => <p>nothing</p>;
    const NoIcon = () => null;
    const everyone = defineSection({
      id: 'everyone',
      titleKey: 'inbox.title',
      icon: NoIcon,
      shortcuts: ['g i'],
      order: 1,
      placement: 'top',
      scope: 'session',
      createStore: tracked('everyone'),
      load: async () => ({ View: Empty }),
    });
    const managers = defineSection({
      id: 'managers',
      titleKey: 'team.title',
      icon: NoIcon,
      shortcuts: ['g t'],
      order: 2,
      placement: 'top',
      scope: 'session',
      visible: (user) => managesTeam(user.role),
      createStore: tracked('managers'),
      load: async () => ({ View: Empty }),
    });
    const bar = defineStatusItem({
      id: 'bar',
      scope: 'app',
      zone: 'start',
      order: 1,
      createStore: tracked('bar'),
      Item: () => <span>bar item</span>,
    });
    const { main } = await renderApp(signedIn('worker'), { sections: [everyone, managers], statusItems: [bar] });
    await screen.findByRole('navigation');
    expect(railLabels()).toEqual(['Inbox']);
    expect(made.sort()).toEqual(['bar', 'everyone']);
    expect(screen.getByText('bar item')).toBeTruthy();

    act(() => main.setAccount(signedOut()));
    await screen.findByRole('heading', { name: 'Sign in to the office' });
    expect(stopped).toEqual(['everyone']); // the app-wide item lives on, the user's section does not
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.getByText('bar item')).toBeTruthy();
  });

  it("fetches a section's screens on its first visit only, ahead of the click on rail hover or focus, and offers a retry when the fetch fails", async () => {
    const loads: string[] = [];
    let failChat = true;
    const lazy = (id: string, order: number, titleKey: string, shortcut: string) =>
      defineSection({
        id,
        titleKey,
        icon: () => null,
        shortcuts: [shortcut],
        order,
        placement: 'top',
        scope: 'session',
        createStore: staticStore,
        load: async () => {
          loads.push(id);
          if (id === 'chat' && failChat) throw new Error('chunk missing');
          return { View: () => <p>{id} screen</p>, HeaderActions: () => <span>{id} actions</span> };
        },
      });
    const list = [
      lazy('inbox', 1, 'inbox.title', 'g i'),
      lazy('chat', 2, 'chat.title', 'g c'),
      lazy('team', 3, 'team.title', 'g t'),
    ];
    await renderApp(signedOut(), { sections: list, statusItems: [] });
    await screen.findByLabelText('User name');
    expect(loads).toEqual([]); // the sign-in screen fetches no section

    cleanup();
    await renderApp(signedIn('manager'), { sections: list, statusItems: [] });
    expect(await screen.findByText('inbox screen')).toBeTruthy();
    expect(screen.getByText('inbox actions')).toBeTruthy();
    expect(loads).toEqual(['inbox']); // the first section only

    fireEvent.pointerEnter(screen.getByRole('button', { name: 'Team' }));
    fireEvent.focus(screen.getByRole('button', { name: 'Team' }));
    await waitFor(() => expect(loads).toEqual(['inbox', 'team'])); // one fetch for hover and focus
    fireEvent.click(screen.getByRole('button', { name: 'Team' }));
    // fetched ahead: the screen is there at once, with no placeholder in between
    expect(screen.getByText('team screen')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Chat' }));
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Chat' }));
    const failed = await screen.findByRole('alert');
    expect(failed.textContent).toContain('This section could not be loaded.');
    failChat = false;
    fireEvent.click(within(failed).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('chat screen')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Inbox' }));
    fireEvent.click(screen.getByRole('button', { name: 'Chat' }));
    expect(screen.getByText('chat screen')).toBeTruthy();
    expect(loads).toEqual(['inbox', 'team', 'chat', 'chat']); // each kept once fetched
  });

  it('goes to a section by mouse, marks it current, focuses its heading and remembers it', async () => {
    const { storage } = await renderApp(signedIn('worker'));
    await screen.findByRole('heading', { level: 1, name: 'Inbox' });
    fireEvent.click(screen.getByRole('button', { name: 'Chat' }));
    const heading = screen.getByRole('heading', { level: 1, name: 'Chat' });
    expect(document.activeElement).toBe(heading);
    expect(screen.getByRole('button', { name: 'Chat' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('button', { name: 'Inbox' }).getAttribute('aria-current')).toBeNull();
    expect(storage.map.get('teleworker.section')).toBe('chat');
    // a worker without colleagues is told so, no sample data
    expect((await screen.findByTestId('chat-no-team')).textContent).toContain('No team to talk to');
  });

  it('reopens the last section after a reload, unless this user may not see it', async () => {
    await renderApp(signedIn('worker'), { storage: memoryStorage({ 'teleworker.section': 'session' }) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Work session' })).toBeTruthy();
    cleanup();
    await renderApp(signedIn('worker'), { storage: memoryStorage({ 'teleworker.section': 'team' }) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Inbox' })).toBeTruthy();
  });

  it('goes to sections with g-sequences and Ctrl+digit, F1 opens help; keys typed in a field stay in it', async () => {
    await renderApp(signedIn('manager'));
    await screen.findByRole('heading', { level: 1, name: 'Inbox' });
    key('g');
    key('c');
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Chat' }));
    key('4', { ctrlKey: true });
    expect(screen.getByRole('heading', { level: 1, name: 'Team' })).toBeTruthy();
    key('g');
    key('s');
    expect(screen.getByRole('heading', { level: 1, name: 'Work session' })).toBeTruthy();
    key('F1');
    expect(screen.getByRole('heading', { level: 1, name: 'Help' })).toBeTruthy();

    // Help's screen arrives with its chunk (the heading shows at once)
    const input = await screen.findByRole('combobox', { name: 'Language' });
    input.focus();
    key('g');
    key('i');
    expect(screen.getByRole('heading', { level: 1, name: 'Help' })).toBeTruthy();
    key('1', { ctrlKey: true }); // a chord works from a field
    expect(screen.getByRole('heading', { level: 1, name: 'Inbox' })).toBeTruthy();
  });

  it('lists the shortcuts under ?, closes on Esc and gives focus back', async () => {
    await renderApp(signedIn('worker'));
    await screen.findByRole('heading', { level: 1, name: 'Inbox' });
    const chat = screen.getByRole('button', { name: 'Chat' });
    chat.focus();
    key('?', { shiftKey: true });
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog.textContent).toContain('Go to Chat');
    expect(dialog.textContent).toContain('Ctrl+2');
    expect(dialog.textContent).not.toContain('Go to Team'); // only what this user has
    key('Escape');
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
    expect(document.activeElement).toBe(chat);
  });

  it('sign-in lands on the section heading, sign-out on the user name', async () => {
    await renderApp(signedOut());
    const username = await screen.findByLabelText('User name');
    expect(document.activeElement).toBe(username);
    fireEvent.change(username, { target: { value: 'budi' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'teleworker' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Inbox' });
    expect(document.activeElement).toBe(heading);

    fireEvent.click(await screen.findByTestId('me'));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('User name')));
  });

  it('keeps About and Diagnostics off the main screen, in Help (F1 on the sign-in screen too)', async () => {
    await renderApp(signedOut());
    await screen.findByLabelText('User name');
    expect(screen.queryByTestId('app-version')).toBeNull();
    expect(document.body.textContent).not.toContain('browser host');
    key('F1');
    expect(await screen.findByTestId('app-version')).toHaveProperty('textContent', 'Version 1.2.3');
    // the round trip to the main process is a developer's tool (Settings turns it on)
    expect(screen.queryByRole('heading', { name: 'Diagnostics' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Back to sign-in' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('User name')));
  });

  it('puts a registered badge on the rail item with an accessible count', async () => {
    const counter = createStore<Followable & { unread: number }>()(() => ({ unread: 3, follow: () => () => {} }));
    const Empty = () => <p>x</p>;
    const chat = defineSection({
      id: 'chat',
      titleKey: 'chat.title',
      icon: () => null,
      shortcuts: ['g c'],
      order: 1,
      placement: 'top',
      scope: 'session',
      createStore: () => counter,
      load: async () => ({ View: Empty }),
      badge: (s) => s.unread,
    });
    await renderApp(signedIn('worker'), { sections: [chat], statusItems: [] });
    // the visible label first (label in name, WCAG 2.5.3), then the count
    const item = await screen.findByRole('button', { name: 'Chat 3 new' });
    expect(item.textContent).toContain('3');
    act(() => counter.setState({ unread: 0 }));
    expect(screen.getByRole('button', { name: 'Chat' }).textContent).toBe('Chat');
  });

  it('sums the badges onto the dock / taskbar count and the page title', async () => {
    const inbox = createStore<Followable & { n: number }>()(() => ({ n: 2, follow: () => () => {} }));
    const chatStore = createStore<Followable & { n: number }>()(() => ({ n: 3, follow: () => () => {} }));
    const Empty = () => <p>x</p>;
    const base = {
      icon: () => null,
      placement: 'top' as const,
      scope: 'session' as const,
      load: async () => ({ View: Empty }),
      badge: (s: { n: number }) => s.n,
    };
    const list = [
      defineSection<Followable & { n: number }>({
        ...base,
        id: 'inbox',
        titleKey: 'inbox.title',
        shortcuts: ['g i'],
        order: 0,
        createStore: () => inbox,
      }),
      defineSection<Followable & { n: number }>({
        ...base,
        id: 'chat',
        titleKey: 'chat.title',
        shortcuts: ['g c'],
        order: 1,
        createStore: () => chatStore,
      }),
    ];
    const { main } = await renderApp(signedIn('worker'), { sections: list, statusItems: [] });
    await waitFor(() => expect(main.calls).toContainEqual(['tw:system:setBadgeCount', { count: 5 }]));
    expect(document.title).toBe('(5) Teleworker');
    act(() => chatStore.setState({ n: 0 }));
    await waitFor(() => expect(main.calls).toContainEqual(['tw:system:setBadgeCount', { count: 2 }]));
    expect(document.title).toBe('(2) Teleworker');
  });

  it('opens a section and the item in it when the main process asks (a notification click), and shows notifications in the page', async () => {
    const selected: string[] = [];
    const Empty = () => <p>inbox view</p>;
    const inbox = defineSection({
      id: 'inbox',
      titleKey: 'inbox.title',
      icon: () => null,
      shortcuts: ['g i'],
      order: 1,
      placement: 'top',
      scope: 'session',
      createStore: staticStore,
      load: async () => ({ View: Empty }),
      open: (_store, item) => selected.push(item),
    });
    const chat = defineSection({
      id: 'chat',
      titleKey: 'chat.title',
      icon: () => null,
      shortcuts: ['g c'],
      order: 0,
      placement: 'top',
      scope: 'session',
      createStore: staticStore,
      load: async () => ({ View: () => <p>chat view</p> }),
    });
    const { main } = await renderApp(signedIn('worker'), { sections: [chat, inbox], statusItems: [] });
    await screen.findByText('chat view');
    act(() => main.emit('tw:system!open', { section: 'inbox', item: 'INC-1042' }));
    await screen.findByText('inbox view');
    expect(selected).toEqual(['INC-1042']);
    // the browser host has no desktop notifications: the page shows them, and a click opens the target
    act(() =>
      main.emit('tw:system!notification', {
        title: 'Message from Rina',
        body: 'lunch?',
        target: { section: 'chat', item: 'dm:u-rina' },
      }),
    );
    const toast = await screen.findByRole('button', { name: /Message from Rina/ });
    fireEvent.click(toast);
    await screen.findByText('chat view');
    expect(screen.queryByTestId('toast')).toBeNull();
  });

  it('registers every real section and status item once, each with a catalogue title', () => {
    const ids = [...sections, ...statusItems].map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sections.map((s) => s.id)).toEqual([
      'inbox',
      'chat',
      'session',
      'office-days',
      'team',
      'admin',
      'settings',
      'help',
    ]);
    expect(sections.flatMap((s) => s.shortcuts)).toEqual([
      'g i',
      'Ctrl+1',
      'g c',
      'Ctrl+2',
      'g s',
      'Ctrl+3',
      'g o',
      'g t',
      'Ctrl+4',
      'g a',
      'Ctrl+,',
      'F1',
    ]);
    expect(staticStore().getState().follow()).toBeTypeOf('function');
  });
});
