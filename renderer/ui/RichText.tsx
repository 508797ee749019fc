// Text from people (chat messages, ticket descriptions and comments) with simple markdown: bold,
// italic, code, lists, quotes and links. markdown-it parses it with raw HTML off, and its tokens
// become React elements here: nothing is ever inserted as HTML, so `<img onerror=…>` stays text.
// Links keep only the schemes the app may open (http, https, and the hand-offs IT may allow:
// mailto, tel, sip); anything else (javascript:, data:, file:) is shown as text. Opening a link is
// the host's decision: Electron's window-open handler checks the allow-list and hands it to the
// system browser. Ticket references like INC-1234 become buttons that open the ticket in the inbox.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { Fragment, memo } from 'react';
import type { ReactNode } from 'react';

const md = new MarkdownIt('zero', { html: false, linkify: true, breaks: true }).enable([
  'paragraph',
  'newline',
  'escape',
  'emphasis',
  'backticks',
  'link',
  'linkify',
  'autolink',
  'list',
  'blockquote',
  'fence',
  'code',
]);

/** The schemes a link in people's text may use; the host still decides whether to open it. */
export const LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:', 'tel:', 'sip:'];
export const TICKET_REFERENCE = /\b(INC-\d{1,9})\b/g;

export function safeHref(href: string | null | undefined): string | null {
  if (!href) return null;
  try {
    const url = new URL(href);
    return LINK_SCHEMES.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const blockTags: Record<string, keyof HTMLElementTagNameMap> = {
  paragraph_open: 'p',
  bullet_list_open: 'ul',
  ordered_list_open: 'ol',
  list_item_open: 'li',
  blockquote_open: 'blockquote',
  strong_open: 'strong',
  em_open: 'em',
};

interface Options {
  onTicket?: ((id: string) => void) | undefined;
}

function textWithTickets(text: string, key: string, options: Options): ReactNode {
  if (!options.onTicket || !TICKET_REFERENCE.test(text)) return text;
  TICKET_REFERENCE.lastIndex = 0;
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(TICKET_REFERENCE)) {
    const at = match.index ?? 0;
    if (at > last) parts.push(text.slice(last, at));
    const id = match[1]!;
    parts.push(
      <button key={`${key}-t${at}`} type="button" className="link ticket-ref" onClick={() => options.onTicket!(id)}>
        {id}
      </button>,
    );
    last = at + id.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <Fragment key={key}>{parts}</Fragment>;
}

/** Builds React children from a flat token list (open/close pairs nest). */
function render(tokens: readonly Token[], options: Options, prefix = ''): ReactNode[] {
  const out: ReactNode[] = [];
  let i = 0;
  const walk = (): ReactNode[] => {
    const children: ReactNode[] = [];
    while (i < tokens.length) {
      const token = tokens[i++]!;
      const key = `${prefix}${i}`;
      if (token.nesting === -1) return children;
      if (token.type === 'inline') {
        children.push(<Fragment key={key}>{render(token.children ?? [], options, `${key}.`)}</Fragment>);
      } else if (token.type === 'text') {
        children.push(textWithTickets(token.content, key, options));
      } else if (token.type === 'code_inline') {
        children.push(<code key={key}>{token.content}</code>);
      } else if (token.type === 'fence' || token.type === 'code_block') {
        children.push(
          <pre key={key}>
            <code>{token.content.replace(/\n$/, '')}</code>
          </pre>,
        );
      } else if (token.type === 'softbreak' || token.type === 'hardbreak') {
        children.push(<br key={key} />);
      } else if (token.type === 'link_open') {
        const inner = walk();
        const href = safeHref(String(token.attrGet('href') ?? ''));
        children.push(
          href ? (
            <a key={key} href={href} target="_blank" rel="noopener noreferrer">
              {inner}
            </a>
          ) : (
            <Fragment key={key}>{inner}</Fragment>
          ),
        );
      } else if (token.nesting === 1) {
        const Tag = blockTags[token.type];
        const inner = walk();
        // a list item's paragraph is "tight" (hidden) in markdown-it: no <p> inside <li>
        if (token.hidden || !Tag) children.push(<Fragment key={key}>{inner}</Fragment>);
        else children.push(<Tag key={key}>{inner}</Tag>);
      } else if (token.content) {
        children.push(textWithTickets(token.content, key, options));
      }
    }
    return children;
  };
  out.push(...walk());
  return out;
}

/** People's text as safe rich text. `onTicket` makes INC-1234 references open the ticket. */
export const RichText = memo(function RichText({
  text,
  onTicket,
  className,
}: {
  text: string;
  onTicket?: (id: string) => void;
  className?: string;
}) {
  return (
    <div className={className ? `rich-text ${className}` : 'rich-text'}>{render(md.parse(text, {}), { onTicket })}</div>
  );
});
