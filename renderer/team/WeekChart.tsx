// This week: worked hours per person per day, drawn as SVG (no chart library: the bundle stays
// small), each day's team average as a dashed mark. Colours come from the theme's variables, so
// dark mode follows; the same figures are a table the keyboard and a screen reader reach.
import { useTranslation } from 'react-i18next';
import type { TeamWeek } from '../../shared/contract/session';
import { hmm } from '../session/session-store';

const ROW = 20;
const NAME_W = 150;
const COL_W = 80;
const HEAD = 22;
/** a bar's full width: ten hours */
const FULL_MIN = 600;

const dayName = (date: string, locale: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString(locale, { weekday: 'short', timeZone: 'UTC' });

export function WeekChart({ week }: { week: TeamWeek }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const width = NAME_W + COL_W * week.days.length;
  const height = HEAD + ROW * (week.people.length + 1);
  const len = (m: number) => Math.min(1, m / FULL_MIN) * (COL_W - 8);
  const averageRow = week.people.length;
  return (
    <figure className="week-chart" data-testid="team-week">
      <svg
        role="img"
        aria-labelledby="week-chart-title"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        focusable="false"
      >
        <title id="week-chart-title">{t('team.week.chartLabel')}</title>
        {week.days.map((d, i) => (
          <text key={d} x={NAME_W + i * COL_W + 4} y={15} className="chart-axis">
            {dayName(d, l)}
          </text>
        ))}
        {week.people.map((p, r) => (
          <g key={p.userId} transform={`translate(0 ${HEAD + r * ROW})`}>
            <text x={0} y={14} className="chart-label">
              {p.displayName.length > 22 ? `${p.displayName.slice(0, 21)}…` : p.displayName}
            </text>
            {p.minutes.map((m, i) =>
              m === null ? null : (
                <rect
                  key={week.days[i]}
                  x={NAME_W + i * COL_W + 4}
                  y={4}
                  width={Math.max(1, len(m))}
                  height={ROW - 8}
                  rx={2}
                  className="chart-bar"
                />
              ),
            )}
          </g>
        ))}
        <g transform={`translate(0 ${HEAD + averageRow * ROW})`}>
          <text x={0} y={14} className="chart-label chart-average-label">
            {t('team.week.average')}
          </text>
          {week.average.map((a, i) =>
            a === null ? null : (
              <rect
                key={week.days[i]}
                x={NAME_W + i * COL_W + 4}
                y={4}
                width={Math.max(1, len(a))}
                height={ROW - 8}
                rx={2}
                className="chart-bar chart-average"
              />
            ),
          )}
        </g>
        {/* each day's average as a dashed mark through the people's bars */}
        {week.average.map((a, i) =>
          a === null ? null : (
            <line
              key={`avg-${week.days[i]}`}
              x1={NAME_W + i * COL_W + 4 + len(a)}
              x2={NAME_W + i * COL_W + 4 + len(a)}
              y1={HEAD}
              y2={HEAD + averageRow * ROW}
              className="chart-average-line"
            />
          ),
        )}
      </svg>
      <details className="chart-table">
        <summary>{t('team.week.showTable')}</summary>
        <table data-testid="team-week-table">
          <caption>{t('team.week.chartLabel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.columns.person')}</th>
              {week.days.map((d) => (
                <th key={d} scope="col">
                  {dayName(d, l)} {d.slice(5)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {week.people.map((p) => (
              <tr key={p.userId}>
                <th scope="row">
                  <bdi>{p.displayName}</bdi>
                </th>
                {p.minutes.map((m, i) => (
                  <td key={week.days[i]}>{m === null ? '–' : hmm(m * 60_000, l)}</td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('team.week.average')}</th>
              {week.average.map((a, i) => (
                <td key={week.days[i]}>{a === null ? '–' : hmm(a * 60_000, l)}</td>
              ))}
            </tr>
          </tfoot>
        </table>
      </details>
    </figure>
  );
}
