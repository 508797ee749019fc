// A country's public holidays, from a maintained holidays library (it knows Indonesia's moving
// holidays: Idul Fitri, Idul Adha, Nyepi, Waisak, Imlek…). The library reads files and so cannot
// live in shared/: the server turns its answer into plain data for the pure calendar arithmetic.
import Holidays from 'date-holidays';
import type { SlaHoliday } from '../../shared/domain/sla-calendar';

const cache = new Map<string, SlaHoliday[]>();

/** Whether the library knows the country (ISO 3166 alpha-2). */
export function knowsCountry(country: string): boolean {
  return /^[A-Z]{2}$/.test(country) && new Holidays().getCountries()[country] !== undefined;
}

/** The public holidays of `country` in the given years, by local date, named in English and Bahasa Indonesia. */
export function publicHolidays(country: string, years: readonly number[]): SlaHoliday[] {
  const out: SlaHoliday[] = [];
  for (const year of years) {
    const key = `${country}:${year}`;
    let list = cache.get(key);
    if (!list) {
      const hd = new Holidays(country);
      const names = (lang: string) =>
        new Map(hd.getHolidays(year, lang).map((h) => [`${h.date.slice(0, 10)}|${h.rule}`, h.name]));
      const en = names('en');
      const id = names('id');
      const seen = new Set<string>();
      list = [];
      for (const h of hd.getHolidays(year, 'en')) {
        const date = h.date.slice(0, 10);
        // 'public' days only: the library also lists observances (Mother's Day…) on which offices open
        if (h.type !== 'public' || seen.has(date)) continue;
        seen.add(date);
        const k = `${date}|${h.rule}`;
        list.push({ date, kind: 'public', name: { en: en.get(k) ?? h.name, id: id.get(k) ?? en.get(k) ?? h.name } });
      }
      cache.set(key, list);
    }
    out.push(...list);
  }
  return out;
}
