// People's text inside UI text is isolated: a right-to-left override (U+202E) in a name or a status
// text must not reverse the words around it. As elements it sits in <bdi>; inside a translated
// sentence (the renderer's i18next and the main process's translate) between U+2068 and U+2069.
import { cleanup, render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { Person } from '../../../shared/contract/presence';
import { translate } from '../../../shared/i18n';
import { PersonCard, PersonChip } from '../../../renderer/chat/PersonChip';
import { setupI18n } from '../../../renderer/i18n';

afterEach(cleanup);

const RLO = '\u202e';
const evil: Person = {
  id: 'u-x',
  username: 'x',
  displayName: `Budi ${RLO}gnp.exe`,
  role: 'worker',
  status: 'busy',
  location: 'office',
  statusText: `${RLO}rapat sampai jam 3`,
  connected: true,
  updatedAt: '2026-12-01T08:00:00.000Z',
  phone: null,
  sip: null,
  email: null,
};

describe('bidirectional text from people', () => {
  it('sits in <bdi> wherever a name or a status text is an element among UI text', async () => {
    const i18n = await setupI18n('en');
    const { container } = render(
      <I18nextProvider i18n={i18n}>
        <PersonCard person={evil} />
        <PersonChip person={evil} />
      </I18nextProvider>,
    );
    const isolated = [...container.querySelectorAll('bdi')].map((b) => b.textContent);
    expect(isolated).toEqual(expect.arrayContaining([evil.displayName, evil.statusText]));
    // nothing of theirs is outside an isolate
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.textContent?.includes(RLO)) expect(node.parentElement?.closest('bdi'), node.textContent).not.toBeNull();
    }
  });

  it('is isolated inside translated sentences, in the renderer and in the main process’s notifications', async () => {
    const i18n = await setupI18n('id');
    expect(i18n.t('chat.messageFrom', { name: evil.displayName })).toBe(`Pesan dari \u2068${evil.displayName}\u2069`);
    // values that are not people's text are left as they are
    expect(i18n.t('inbox.pending', { count: 2 })).not.toMatch(/[\u2068\u2069]/);
    expect(translate('en', 'chat.notify.mention', { name: evil.displayName, channel: 'Tim IT' })).toBe(
      `\u2068${evil.displayName}\u2069 mentioned you in \u2068Tim IT\u2069`,
    );
    expect(translate('en', 'session.notify.arrivedBody', { name: 'Ayu', hours: '7 h', tickets: 3 })).toBe(
      '\u2068Ayu\u2069: 7 h worked, 3 tickets',
    );
  });
});
