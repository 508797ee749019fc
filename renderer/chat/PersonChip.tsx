// A colleague wherever one is named: a dot (their state, with the word beside it for assistive
// technology), the name, and on click a card with state, location, status text and the hand-offs
// the office gives (call by tel:/sip:, mail by mailto:), opened by the system's handlers. Names and
// status texts are people's text: each sits in a <bdi>, so a right-to-left override in one cannot
// reorder the UI text around it.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../shared/contract/presence';
import { cleanMailto, cleanSip, cleanTel } from '../../shared/domain/hand-off';

export const presenceTone: Record<Person['status'], string> = {
  available: 'good',
  busy: 'bad',
  'do-not-disturb': 'bad',
  away: 'warn',
  offline: 'unknown',
};

/** The hand-off links a person offers, only those with a value the office gave. */
export function handOffs(
  person: Pick<Person, 'phone' | 'sip' | 'email'>,
): { kind: 'call' | 'softphone' | 'mail'; href: string; label: string }[] {
  const links: { kind: 'call' | 'softphone' | 'mail'; href: string; label: string }[] = [];
  // each value only in its scheme's shape (a sip: value with quotes or parameters is not offered)
  const tel = person.phone ? cleanTel(person.phone) : null;
  if (person.phone && tel) links.push({ kind: 'call', href: tel, label: person.phone });
  const sip = person.sip ? cleanSip(person.sip) : null;
  if (person.sip && sip) links.push({ kind: 'softphone', href: sip, label: person.sip });
  const mail = person.email && !person.email.includes('?') ? cleanMailto(person.email) : null;
  if (person.email && mail) links.push({ kind: 'mail', href: mail, label: person.email });
  return links;
}

export function PresenceLine({ person }: { person: Person }) {
  const { t } = useTranslation();
  return (
    <span className="presence-line" data-tone={presenceTone[person.status]}>
      <span className="dot" aria-hidden="true" />
      <span data-testid="person-status">{t(`presence.status.${person.status}`)}</span>
      {person.location !== 'unknown' && <span className="muted"> · {t(`presence.location.${person.location}`)}</span>}
      {person.statusText && (
        <span className="muted status-text">
          {' · '}
          <bdi>{person.statusText}</bdi>
        </span>
      )}
    </span>
  );
}

/** `self`: my own card, as colleagues see it: the same details as text (nobody calls themselves). */
export function PersonCard({ person, self = false }: { person: Person; self?: boolean }) {
  const { t } = useTranslation();
  const links = handOffs(person);
  return (
    <div className="person-card" data-testid="person-card">
      <strong>
        <bdi>{person.displayName}</bdi>
      </strong>
      <PresenceLine person={person} />
      {links.length > 0 ? (
        <ul className="hand-offs" aria-label={self ? t('chat.handOff.selfTitle') : undefined}>
          {links.map((l) => (
            <li key={l.kind}>
              {self ? (
                <span data-testid={`hand-off-${l.kind}`}>
                  {t(`chat.handOff.${l.kind}`)}: {l.label}
                </span>
              ) : (
                <a href={l.href} target="_blank" rel="noopener noreferrer" data-testid={`hand-off-${l.kind}`}>
                  {t(`chat.handOff.${l.kind}`)}: {l.label}
                </a>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('chat.handOff.none')}</p>
      )}
    </div>
  );
}

/**
 * A person's name with their state; its button opens their card. `stateOnly` beside a heading that
 * already names them: the state's word instead of the name (the card's purpose for screen readers).
 */
export function PersonChip({ person, stateOnly = false }: { person: Person; stateOnly?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  const box = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('mousedown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('mousedown', close);
    };
  }, [open]);
  return (
    <span className="person-chip" ref={box} data-tone={presenceTone[person.status]}>
      <button
        type="button"
        className="quiet"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        aria-label={stateOnly ? undefined : t('chat.personCard', { name: person.displayName })}
        data-testid={stateOnly ? 'person-state' : undefined}
      >
        <span className="dot" aria-hidden="true" />
        {stateOnly ? (
          <>
            {t(`presence.status.${person.status}`)}{' '}
            <span className="visually-hidden">{t('chat.personCard', { name: person.displayName })}</span>
          </>
        ) : (
          <bdi>{person.displayName}</bdi>
        )}
      </button>
      {open && (
        <span id={id} className="person-popover" role="dialog" aria-label={person.displayName}>
          <PersonCard person={person} />
        </span>
      )}
    </span>
  );
}
