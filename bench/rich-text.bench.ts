// rich-text: people's text through the renderer's markdown (renderer/ui/RichText.tsx), parsed and
// rendered to markup in Node with React's server renderer (the same element tree the app commits).
//   rich-text.nested_comment_ms   "*"×9999 + "a" + "*"×10000, a comment at its 20,000-character limit (target ≤ 100)
//   rich-text.nested_chat_ms      the same at chat's 10,000-character limit (target ≤ 100)
//   rich-text.ordinary_ms         a 2,000-character comment with ordinary markdown
// Medians of 9 runs after 2 warm-ups.
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

// tsx compiles the renderer's JSX with the classic runtime here (the root tsconfig is not the web one)
(globalThis as { React?: typeof React }).React = React;
// (imported by URL: the node world's type check does not compile the renderer's TSX)
const richTextModule = new URL('../renderer/ui/RichText.tsx', import.meta.url).href;
const { RichText } = (await import(richTextModule)) as {
  RichText: React.FunctionComponent<{ text: string }>;
};
const { createElement } = React;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(text: string): number {
  const runs: number[] = [];
  for (let i = 0; i < 11; i++) {
    const start = performance.now();
    renderToStaticMarkup(createElement(RichText, { text }));
    if (i >= 2) runs.push(performance.now() - start);
  }
  return median(runs);
}

const ordinary = Array.from(
  { length: 40 },
  (_, i) => `- **Step ${i}**: check _the printer_ at \`10.0.0.${i}\`, see INC-${1000 + i}`,
).join('\n');
const cases: Array<[string, string]> = [
  ['rich-text.nested_comment_ms', '*'.repeat(9999) + 'a' + '*'.repeat(10000)],
  ['rich-text.nested_chat_ms', '*'.repeat(4999) + 'a' + '*'.repeat(5000)],
  ['rich-text.ordinary_ms', ordinary.slice(0, 2000)],
];
for (const [name, text] of cases) {
  let value: number;
  try {
    value = time(text);
  } catch (error) {
    // the unbounded renderer overflows the stack here: report it as a failure, not a number
    console.error(`# ${name}: ${(error as Error).message}`);
    process.exitCode = 1;
    continue;
  }
  console.log(`BENCH ${name} ${Math.round(value * 100) / 100} ms`);
}
