// The office connection as a module with no contract area: it starts after every feature has
// added its feed (so the first refresh fills every feature's cache) and stops first.
import { defineModule } from '../module';

export const officeModule = defineModule({
  name: 'office',
  area: null,
  create({ office }) {
    return { area: null, handlers: null, start: () => office.start(), stop: () => office.stop() };
  },
});
