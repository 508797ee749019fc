import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../app/use-now';
import { formatDateTime } from '../i18n/format';
import { formatRelative } from './time';

/** How often a relative time changes its words: by the second in its first minute, then by the minute. */
export function agoStep(ageMs: number): number {
  return ageMs < 60_000 ? 1_000 : ageMs < 3_600_000 ? 15_000 : 60_000;
}

/** "17 sec. ago" that keeps counting while it is on screen (the exact time on hover and for readers). */
export function Ago({ at, render }: { at: number; render?: (text: string) => string }) {
  const { i18n } = useTranslation();
  const [step, setStep] = useState(1_000);
  const now = useNow(step);
  // a time newer than the last tick (a live update just now) is "now", never "in 2 sec."
  const age = Math.max(0, now - at);
  if (agoStep(age) !== step) setStep(agoStep(age));
  const text = formatRelative(at, i18n.language, at + age);
  return (
    <time dateTime={new Date(at).toISOString()} title={formatDateTime(at, i18n.language)}>
      {render ? render(text) : text}
    </time>
  );
}
