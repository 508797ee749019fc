// One Content-Security-Policy for both hosts. No 'unsafe-inline' or 'unsafe-eval' anywhere;
// the browser host only adds the WebSocket origin its bridge talks to.
export function buildCsp({ connectSrc = [], meta = false }: { connectSrc?: string[]; meta?: boolean } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...connectSrc],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'frame-src': ["'none'"],
    'worker-src': ["'none'"],
  };
  // A <meta> policy may not carry frame-ancestors (browsers ignore it there and complain).
  if (meta) delete directives['frame-ancestors'];
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
