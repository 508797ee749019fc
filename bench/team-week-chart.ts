// team.week_chart_render_ms: the This week chart (SVG and its table) for 50 people × 7 days,
// rendered to markup in Node with React's server renderer (the element tree the app commits).
// Median of 30 renders after a warm-up.
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { TeamWeek } from '../shared/contract/session';
import { weekDays } from '../shared/domain/team-week';

// tsx compiles the renderer's JSX with the classic runtime here (the root tsconfig is not the web one)
(globalThis as { React?: typeof React }).React = React;

export async function weekChartRenderMs(people = 50): Promise<number> {
  // (imported by URL: the node world's type check does not compile the renderer's TSX)
  const { WeekChart } = (await import(new URL('../renderer/team/WeekChart.tsx', import.meta.url).href)) as {
    WeekChart: React.FunctionComponent<{ week: TeamWeek }>;
  };
  const { setupI18n } = (await import(new URL('../renderer/i18n/index.ts', import.meta.url).href)) as {
    setupI18n: (locale: string) => Promise<unknown>;
  };
  const { I18nextProvider } = (await import('react-i18next')) as unknown as {
    I18nextProvider: React.FunctionComponent<{ i18n: unknown; children?: React.ReactNode }>;
  };
  const days = weekDays('2026-12-02');
  const week: TeamWeek = {
    days,
    people: Array.from({ length: people }, (_, p) => ({
      userId: `u${p}`,
      displayName: `Worker number ${p}`,
      minutes: days.map((_, d) => (d < 5 ? 360 + ((p * 37 + d * 11) % 180) : null)),
    })),
    average: days.map((_, d) => (d < 5 ? 450 : null)),
  };
  const i18n = await setupI18n('en');
  const render = () =>
    renderToStaticMarkup(React.createElement(I18nextProvider, { i18n }, React.createElement(WeekChart, { week })));
  const html = render();
  if ((html.match(/class="chart-bar"/g) ?? []).length !== people * 5) throw new Error('the chart lost bars');
  for (let i = 0; i < 10; i++) render();
  const runs: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    render();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)]!;
}
