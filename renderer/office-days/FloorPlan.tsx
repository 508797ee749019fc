import { memo, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanDesk } from '../../shared/office-api';

const DESK_W = 110;
const DESK_H = 60;
/** one clip for every desk's text (in each desk's own coordinates): a long label never leaves its box */
const CLIP_ID = 'od-desk-clip';
const STATES: readonly PlanDesk['state'][] = ['free', 'booked', 'mine', 'unavailable'];

/**
 * One desk: memoised, so a new selection redraws two desks, not 500. No listeners of its own; the
 * plan listens once for all of them. The state is a short word that fits the box (a symbol for a desk
 * that cannot be booked, its full words in a title and in the list).
 */
const DeskShape = memo(function DeskShape({
  desk,
  selected,
  focusable,
  short,
  full,
}: {
  desk: PlanDesk;
  selected: boolean;
  focusable: boolean;
  short: string;
  full: string;
}) {
  return (
    <g
      className={`od-desk od-${desk.state}`}
      data-state={desk.state}
      data-label={desk.label}
      data-desk-id={desk.id}
      aria-selected={selected}
      role="option"
      tabIndex={focusable ? 0 : -1}
      // no aria-label: the name is the visible text, label and state (axe: label-content-name-mismatch)
      transform={`translate(${desk.x} ${desk.y})`}
    >
      {short !== full && <title>{`${desk.label}: ${full}`}</title>}
      <rect width={DESK_W} height={DESK_H} rx={6} />
      <text x={8} y={24} clipPath={`url(#${CLIP_ID})`}>
        <tspan>{desk.label}</tspan>{' '}
        <tspan x={8} dy={22} className="od-state-word">
          {short}
        </tspan>
      </text>
    </g>
  );
});

/**
 * The floor drawn to scale: each desk a box with its label and its state as a word (never colour
 * alone). One desk is in the tab order at a time; the arrow keys move between desks in label order
 * and Enter or Space picks one, so a floor of 500 desks is one tab stop, not 500.
 */
export const FloorPlan = memo(function FloorPlan({
  width,
  height,
  desks,
  selected,
  onSelect,
  onPick = onSelect,
}: {
  width: number;
  height: number;
  desks: readonly PlanDesk[];
  selected: string | null;
  /** the arrow keys moved to a desk */
  onSelect(deskId: string): void;
  /** a desk was chosen: clicked, or Enter or Space on it */
  onPick?(deskId: string): void;
}) {
  const { t } = useTranslation();
  const svg = useRef<SVGSVGElement>(null);
  const focusable = selected ?? desks[0]?.id ?? null;
  // the words once per state, not once per desk
  const words = useMemo(
    () =>
      Object.fromEntries(
        STATES.map((s) => [s, { short: t(`officeDays.stateShort.${s}`), full: t(`officeDays.state.${s}`) }]),
      ) as Record<PlanDesk['state'], { short: string; full: string }>,
    [t],
  );
  const index = useMemo(() => new Map(desks.map((d, i) => [d.id, i])), [desks]);
  const deskOf = (target: EventTarget | null): number | undefined => {
    const g = (target as Element | null)?.closest?.('[data-desk-id]');
    const id = g?.getAttribute('data-desk-id');
    return id ? index.get(id) : undefined;
  };
  const onClick = (e: MouseEvent) => {
    const i = deskOf(e.target);
    if (i !== undefined) onPick(desks[i]!.id);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const index = deskOf(e.target);
    if (index === undefined) return;
    const step =
      e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const desk = desks[index];
      if (desk) onPick(desk.id);
      return;
    }
    const target =
      e.key === 'Home'
        ? desks[0]
        : e.key === 'End'
          ? desks[desks.length - 1]
          : step !== 0
            ? desks[index + step]
            : undefined;
    if (!target) return;
    e.preventDefault();
    onSelect(target.id);
    // the desks are drawn in the order of `desks`
    svg.current?.querySelectorAll<SVGGElement>('[data-desk-id]')[desks.indexOf(target)]?.focus();
  };
  return (
    <svg
      ref={svg}
      className="od-plan"
      viewBox={`0 0 ${width + DESK_W} ${height + DESK_H}`}
      role="listbox"
      aria-label={t('officeDays.planLabel')}
      data-testid="od-plan"
      onClick={onClick}
      onKeyDown={onKeyDown}
    >
      <defs>
        <clipPath id={CLIP_ID}>
          <rect width={DESK_W - 4} height={DESK_H} />
        </clipPath>
      </defs>
      <rect className="od-floor" x={0} y={0} width={width + DESK_W} height={height + DESK_H} />
      {desks.map((d) => (
        <DeskShape
          key={d.id}
          desk={d}
          selected={d.id === selected}
          focusable={d.id === focusable}
          short={words[d.state].short}
          full={words[d.state].full}
        />
      ))}
    </svg>
  );
});

/** one line of the list: memoised like the plan's desks, and without listeners of its own */
const DeskRow = memo(function DeskRow({
  desk,
  selected,
  state,
  equipment,
}: {
  desk: PlanDesk;
  selected: boolean;
  state: string;
  equipment: string;
}) {
  return (
    <li data-state={desk.state} data-label={desk.label} data-desk-id={desk.id}>
      <button type="button" aria-pressed={selected}>
        <span className="od-list-label">{desk.label}</span> <span className={`od-badge od-${desk.state}`}>{state}</span>
        {desk.occupant && desk.state !== 'mine' && (
          <>
            {' · '}
            <bdi>{desk.occupant.displayName}</bdi>
          </>
        )}
        {equipment && (
          <span className="secondary">
            {' · '}
            {equipment}
          </span>
        )}
      </button>
    </li>
  );
});

/** The same desks as a list: for screen readers, and instead of the plan in a narrow window. */
export function DeskList({
  desks,
  selected,
  onSelect,
}: {
  desks: readonly PlanDesk[];
  selected: string | null;
  onSelect(deskId: string): void;
}) {
  const { t } = useTranslation();
  // the words once per state and per kind of equipment, not once per desk
  const states = useMemo(
    () => Object.fromEntries(STATES.map((s) => [s, t(`officeDays.state.${s}`)])) as Record<PlanDesk['state'], string>,
    [t],
  );
  const equipment = useMemo(() => {
    const words = new Map<string, string>();
    const word = (e: string) => {
      let w = words.get(e);
      if (w === undefined) words.set(e, (w = t(`officeDays.equipment.${e}`, { defaultValue: e })));
      return w;
    };
    return new Map(desks.map((d) => [d.id, d.equipment.map(word).join(', ')]));
  }, [desks, t]);
  return (
    <ul
      className="od-desk-list"
      aria-label={t('officeDays.listLabel')}
      data-testid="od-desk-list"
      onClick={(e) => {
        const id = (e.target as Element).closest('[data-desk-id]')?.getAttribute('data-desk-id');
        if (id) onSelect(id);
      }}
    >
      {desks.map((d) => (
        <DeskRow
          key={d.id}
          desk={d}
          selected={d.id === selected}
          state={states[d.state]}
          equipment={equipment.get(d.id) ?? ''}
        />
      ))}
    </ul>
  );
}
