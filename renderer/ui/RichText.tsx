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

// People's text is bounded before it becomes elements. markdown-it's maxNesting does not limit
// emphasis (its pairs are matched after parsing), so "*"×9999 + "a" + "*"×10000 made a tree 5,000
// levels deep that React could not commit, and matching thousands of delimiters took most of a
// second. A run of more than MAX_RUN * or _ is text, only the first MAX_DELIMITERS runs of a text
// can be emphasis, and what still nests past MAX_INLINE_DEPTH (or MAX_BLOCK_DEPTH for quotes and
// lists) is flattened: its words stay, its markup goes.
const MAX_RUN = 3;
const MAX_DELIMITERS = 200;
export const MAX_INLINE_DEPTH = 4;
export const MAX_BLOCK_DEPTH = 8;

md.inline.ruler.before('emphasis', 'bounded_emphasis', (state, silent) => {
  const marker = state.src.charCodeAt(state.pos);
  if (marker !== 0x2a /* * */ && marker !== 0x5f /* _ */) return false;
  let end = state.pos;
  while (end < state.posMax && state.src.charCodeAt(end) === marker) end++;
  const env = state.env as { emphasisRuns?: number };
  const seen = env.emphasisRuns ?? 0;
  if (end - state.pos <= MAX_RUN && seen < MAX_DELIMITERS) {
    env.emphasisRuns = seen + 1;
    return false; // markdown-it's emphasis rule takes it
  }
  if (!silent) state.pending += state.src.slice(state.pos, end);
  state.pos = end;
  return true;
});

/** Drops open/close pairs nested deeper than `max` (their content stays, one level up). */
function flatten(tokens: Token[], max: number): Token[] {
  const out: Token[] = [];
  const kept: boolean[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.nesting === 1) {
      const keep = depth < max;
      kept.push(keep);
      if (keep) {
        depth++;
        out.push(token);
      }
    } else if (token.nesting === -1) {
      if (kept.pop()) {
        depth--;
        out.push(token);
      }
    } else {
      out.push(token);
    }
  }
  return out;
}

export function parseBounded(text: string): Token[] {
  const tokens = flatten(md.parse(text, {}), MAX_BLOCK_DEPTH);
  for (const token of tokens) {
    if (token.type === 'inline' && token.children) token.children = flatten(token.children, MAX_INLINE_DEPTH);
  }
  return tokens;
}

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
    <div className={className ? `rich-text ${className}` : 'rich-text'}>{render(parseBounded(text), { onTicket })}</div>
  );
});
