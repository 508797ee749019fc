import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RichText, safeHref } from '../../../renderer/ui/RichText';

afterEach(cleanup);

describe('RichText', () => {
  it('renders simple markdown as elements', () => {
    const { container } = render(<RichText text={'**bold** and _italic_ and `code`\n- one\n- two'} />);
    expect(container.querySelector('strong')?.textContent).toBe('bold');
    expect(container.querySelector('em')?.textContent).toBe('italic');
    expect(container.querySelector('code')?.textContent).toBe('code');
    expect([...container.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['one', 'two']);
  });

  it('keeps raw HTML as text and runs nothing', () => {
    const alert = vi.spyOn(window, 'alert').mockImplementation(() => {});
    const { container } = render(<RichText text={'<img src=x onerror=alert(1)> <script>alert(2)</script> <b>x</b>'} />);
    expect(container.querySelector('img, script, b')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(alert).not.toHaveBeenCalled();
  });

  it('drops links with schemes the app may not open, keeps web, mail and phone links', () => {
    const { container } = render(
      <RichText
        text={
          '[a](javascript:alert(1)) [b](data:text/html,x) [c](https://intranet.example/x) [d](mailto:it@bank.example) [e](tel:+62211234) [f](file:///etc/passwd)'
        }
      />,
    );
    const links = [...container.querySelectorAll('a')].map((a) => [
      a.textContent,
      a.getAttribute('href'),
      a.getAttribute('rel'),
    ]);
    expect(links).toEqual([
      ['c', 'https://intranet.example/x', 'noopener noreferrer'],
      ['d', 'mailto:it@bank.example', 'noopener noreferrer'],
      ['e', 'tel:+62211234', 'noopener noreferrer'],
    ]);
    expect(container.textContent).toContain('a');
    expect(safeHref('JAVASCRIPT:alert(1)')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });

  it('turns ticket references into buttons that open the ticket', () => {
    const onTicket = vi.fn();
    render(<RichText text={'see INC-1042 and INC-7, not XINC-1'} onTicket={onTicket} />);
    fireEvent.click(screen.getByRole('button', { name: 'INC-1042' }));
    expect(onTicket).toHaveBeenCalledWith('INC-1042');
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['INC-1042', 'INC-7']);
  });
});
