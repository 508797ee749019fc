// Preloaded into tools that phone home (electronegativity fetches translations and Electron's
// release list from the internet on every run). Tests must not send traffic anywhere but
// loopback, so their HTTP client fails at once here, as it would on an air-gapped machine.
const Module = require('node:module');
const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  if (request === 'got') {
    const refuse = () => Promise.reject(new Error('network disabled for this tool by scripts/offline-network.cjs'));
    return Object.assign(refuse, {
      default: Object.assign(refuse, { head: refuse, get: refuse }),
      head: refuse,
      get: refuse,
    });
  }
  return originalLoad.call(this, request, ...rest);
};
