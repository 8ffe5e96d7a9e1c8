import type { IncomingMessage, ServerResponse } from 'node:http';

// Placeholder until the GraphiQL bundle lands: answers with a short page that says how to build it.
export interface GraphiqlHandlerOptions {
  /** Folder of the built bundle (dist/graphiql). */
  distDir?: string;
}

/** Serves GraphiQL for browsers; returns false when the request is not for it. */
export function createGraphiqlHandler(_options: GraphiqlHandlerOptions = {}) {
  return (req: IncomingMessage, res: ServerResponse, pathname: string): boolean => {
    if (req.method !== 'GET' || pathname !== '/graphql' || !(req.headers.accept ?? '').includes('text/html')) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>analytics-gateway</title><p>GraphiQL is not built yet: run <code>npm run build</code>.</p>');
    return true;
  };
}
