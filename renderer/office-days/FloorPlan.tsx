import { memo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanDesk } from '../../shared/office-api';

const DESK_W = 110;
const DESK_H = 60;

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
}: {
  width: number;
  height: number;
  desks: readonly PlanDesk[];
  selected: string | null;
  onSelect(deskId: string): void;
}) {
  const { t } = useTranslation();
  const refs = useRef(new Map<string, SVGGElement>());
  const focusable = selected ?? desks[0]?.id ?? null;
  const move = (e: KeyboardEvent, index: number) => {
    const step =
      e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const desk = desks[index];
      if (desk) onSelect(desk.id);
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
    refs.current.get(target.id)?.focus();
  };
  return (
    <svg
      className="od-plan"
      viewBox={`0 0 ${width + DESK_W} ${height + DESK_H}`}
      role="listbox"
      aria-label={t('officeDays.planLabel')}
      data-testid="od-plan"
    >
      <rect className="od-floor" x={0} y={0} width={width + DESK_W} height={height + DESK_H} />
      {desks.map((d, i) => (
        <g
          key={d.id}
          ref={(el) => {
            if (el) refs.current.set(d.id, el);
            else refs.current.delete(d.id);
          }}
          className={`od-desk od-${d.state}`}
          data-state={d.state}
          data-label={d.label}
          aria-selected={d.id === selected}
          role="option"
          tabIndex={d.id === focusable ? 0 : -1}
          // no aria-label: the name is the visible text, label and state (axe: label-content-name-mismatch)
          transform={`translate(${d.x} ${d.y})`}
          onClick={() => onSelect(d.id)}
          onKeyDown={(e) => move(e, i)}
        >
          <rect width={DESK_W} height={DESK_H} rx={6} />
          <text x={8} y={24}>
            <tspan>{d.label}</tspan>{' '}
            <tspan x={8} dy={22} className="od-state-word">
              {t(`officeDays.state.${d.state}`)}
            </tspan>
          </text>
        </g>
      ))}
    </svg>
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
  return (
    <ul className="od-desk-list" aria-label={t('officeDays.listLabel')} data-testid="od-desk-list">
      {desks.map((d) => (
        <li key={d.id} data-state={d.state} data-label={d.label}>
          <button type="button" aria-pressed={d.id === selected} onClick={() => onSelect(d.id)}>
            <span className="od-list-label">{d.label}</span>{' '}
            <span className={`od-badge od-${d.state}`}>{t(`officeDays.state.${d.state}`)}</span>
            {d.occupant && d.state !== 'mine' && (
              <>
                {' · '}
                <bdi>{d.occupant.displayName}</bdi>
              </>
            )}
            {d.equipment.length > 0 && (
              <span className="secondary">
                {' · '}
                {d.equipment.map((e) => t(`officeDays.equipment.${e}`, { defaultValue: e })).join(', ')}
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}
