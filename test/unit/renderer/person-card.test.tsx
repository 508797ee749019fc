// A person's card: the hand-offs the office gives, as tel:/sip:/mailto: links the system's handlers
// open (the main process checks the scheme again), only those it gives; my own card says the same
// as text.
import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { Person } from '../../../shared/contract/presence';
import { PersonCard, handOffs } from '../../../renderer/chat/PersonChip';
import { setupI18n } from '../../../renderer/i18n';

afterEach(cleanup);

const ayu: Person = {
  id: 'u-ayu',
  username: 'ayu',
  displayName: 'Ayu Lestari',
  role: 'worker',
  status: 'available',
  location: 'home',
  statusText: '',
  connected: true,
  updatedAt: '2026-11-29T08:00:00.000Z',
  phone: '+62 (21) 555-0102',
  sip: 'sip:ayu@pbx.example',
  email: 'ayu+it@example.com',
};

describe('the person card', () => {
  it('builds the links from what the office gives, cleaned for their handlers', () => {
    expect(handOffs(ayu).map((l) => l.href)).toEqual([
      'tel:+62215550102',
      'sip:ayu@pbx.example',
      'mailto:ayu%2Bit@example.com',
    ]);
    expect(handOffs({ phone: null, sip: null, email: 'x@example.com' }).map((l) => l.kind)).toEqual(['mail']);
    // a sip: value the way a profile may hold it: quotes, spaces, parameters; not offered as a link
    expect(handOffs({ phone: null, sip: '"Ayu" <sip:ayu@pbx.example>;x=1', email: null })).toEqual([]);
    expect(handOffs({ phone: null, sip: null, email: 'ayu@example.com?bcc=x@example.com' })).toEqual([]);
  });

  it('offers a colleague\u2019s hand-offs as links, and my own as text, in both languages', async () => {
    for (const [locale, call, self] of [
      ['en', 'Call: +62 (21) 555-0102', 'How colleagues reach you'],
      ['id', 'Telepon: +62 (21) 555-0102', 'Cara rekan menghubungi Anda'],
    ] as const) {
      const i18n = await setupI18n(locale);
      const { unmount } = render(
        <I18nextProvider i18n={i18n}>
          <PersonCard person={ayu} />
        </I18nextProvider>,
      );
      const link = screen.getByTestId('hand-off-call');
      expect(link.tagName).toBe('A');
      expect(link.getAttribute('href')).toBe('tel:+62215550102');
      expect(link.textContent).toBe(call);
      unmount();
      render(
        <I18nextProvider i18n={i18n}>
          <PersonCard self person={ayu} />
        </I18nextProvider>,
      );
      expect(screen.queryAllByRole('link')).toHaveLength(0);
      expect(screen.getByRole('list', { name: self }).textContent).toContain('ayu+it@example.com');
      cleanup();
    }
  });

  it('says so when the office gives nothing', async () => {
    const i18n = await setupI18n('en');
    render(
      <I18nextProvider i18n={i18n}>
        <PersonCard person={{ ...ayu, phone: null, sip: null, email: null }} />
      </I18nextProvider>,
    );
    expect(screen.getByTestId('person-card').textContent).toContain('The office gives no phone number or mail address');
  });
});
