import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ListDetail } from '../../../renderer/app/ListDetail';
import { setupI18n } from '../../../renderer/i18n';

afterEach(cleanup);

describe('<ListDetail>', () => {
  it('marks which pane a narrow window shows, and offers Back only on the detail', async () => {
    const i18n = await setupI18n('en');
    const onBack = vi.fn();
    const view = (showing: 'list' | 'detail') => (
      <I18nextProvider i18n={i18n}>
        <ListDetail
          list={<p>the list</p>}
          detail={<p>the detail</p>}
          showing={showing}
          onBack={onBack}
          listLabel="Tickets"
        />
      </I18nextProvider>
    );
    const { container, rerender } = render(view('list'));
    expect(container.querySelector('.list-detail')!.getAttribute('data-showing')).toBe('list');
    expect(screen.getByRole('region', { name: 'Tickets' }).textContent).toBe('the list');
    expect(screen.queryByRole('button', { name: /Back/ })).toBeNull();
    rerender(view('detail'));
    fireEvent.click(screen.getByRole('button', { name: /Back/ }));
    expect(onBack).toHaveBeenCalledTimes(1);
  });
});
