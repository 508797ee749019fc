import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH, RichText, safeHref } from '../../../renderer/ui/RichText';

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

  describe('bounds what people can nest', () => {
    /** how many elements deep the rendered text goes below its own <div> */
    const depthOf = (root: Element): number => Math.max(0, ...[...root.children].map((child) => 1 + depthOf(child)));

    it.each([
      ['a comment (20,000 characters)', '*'.repeat(9999) + 'a' + '*'.repeat(10000)],
      ['a chat message (10,000 characters)', '*'.repeat(4999) + 'a' + '*'.repeat(5000)],
      ['separate delimiters', '*a '.repeat(1500) + 'a* '.repeat(1500)],
      ['mixed delimiters', '*_'.repeat(5000) + 'a' + '_*'.repeat(5000)],
      ['emphasis inside links', '[*_**x**_*](https://a.example) '.repeat(300)],
      ['quotes and lists', '> - '.repeat(5) + 'deep'],
    ])('%s renders a shallow tree with all its words, and the next text still renders', (_name, text) => {
      const { container, rerender } = render(<RichText text={text} />);
      const root = container.querySelector('.rich-text')!;
      // paragraph + inline bound, plus block quotes and lists up to their own bound
      expect(depthOf(root)).toBeLessThanOrEqual(MAX_BLOCK_DEPTH + MAX_INLINE_DEPTH);
      const letters = (t: string) => t.replace(/[^a-z]/g, '');
      expect(letters(root.textContent ?? '')).toBe(letters(text.replace(/\(https:\/\/a\.example\)/g, '')));
      rerender(<RichText text="**after** it" />);
      expect(container.querySelector('strong')?.textContent).toBe('after');
    });

    it('keeps ordinary emphasis: bold in italic in a link', () => {
      const { container } = render(<RichText text="[*_**deep**_*](https://a.example) ***both***" />);
      expect(container.querySelector('a em em strong')?.textContent).toBe('deep');
      expect(container.querySelector('p > em > strong')?.textContent).toBe('both');
    });
  });
});
