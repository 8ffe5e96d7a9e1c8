import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as a simulator saw it (tests count and inspect these). */
export interface SimRequest {
  method: string;
  /** Path without the query, as sent (still percent-encoded). */
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** Raw body text ('' when none). */
  rawBody: string;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is instead of JSON-encoding `body` (malformed bodies in fault tests). */
  raw?: string;
}

export type SimHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/**
 * A fault applied to the next `times` requests (default: all until cleared): tests use it to
 * drive every failure mode over real HTTP.
 */
export interface SimFault {
  status?: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
  /** Never answer (until the server closes). */
  hang?: boolean;
  /** Send headers, then stall the body this long. */
  slowBodyMs?: number;
  times?: number;
  /** Only requests whose path includes this. */
  pathIncludes?: string;
  /** Only this share of the matching requests (0–1, drawn per request; default all). */
  probability?: number;
}

export interface SimulatorServer {
  /** Base URL, e.g. http://127.0.0.1:43123 */
  readonly url: string;
  readonly requests: SimRequest[];
  /** Requests whose path includes `fragment` (all when omitted). */
  count(fragment?: string): number;
  resetLog(): void;
  setFault(fault: SimFault | null): void;
  /** Fixed extra latency for every answer (bench: 0 or 20 ms). */
  setLatency(ms: number): void;
  /** Requests whose connection closed before their answer was sent (the caller aborted them). */
  readonly abandoned: number;
  close(): Promise<void>;
}

export interface SimulatorServerOptions {
  handler: SimHandler;
  host?: string;
  port?: number;
  latencyMs?: number;
  /** Keep a log of requests (on by default; the bench turns it off). */
  log?: boolean;
}

/** Starts a simulator on 127.0.0.1 (ephemeral port unless given). */
export async function startSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const requests: SimRequest[] = [];
  let fault: SimFault | null = null;
  let latency = options.latencyMs ?? 0;
  const logging = options.log ?? true;
  const sockets = new Set<Socket>();
  const hanging = new Set<() => void>();
  let abandoned = 0;

  const server: Server = createServer((req, res) => {
    res.once('close', () => {
      if (!res.writableEnded) abandoned++;
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://sim.local');
        const sim: SimRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          url,
          headers: req.headers,
          rawBody: Buffer.concat(chunks).toString('utf8'),
        };
        if (logging) requests.push(sim);
        const f = fault && (!fault.pathIncludes || sim.path.includes(fault.pathIncludes)) && (fault.probability === undefined || Math.random() < fault.probability) ? fault : null;
        if (f) {
          if (f.times !== undefined && --f.times <= 0) fault = null;
          if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
          if (f.reset) {
            req.socket.destroy();
            return;
          }
          if (f.hang) {
            await new Promise<void>((r) => hanging.add(r));
            return;
          }
        }
        if (latency > 0) await new Promise((r) => setTimeout(r, latency));
        let out: SimResponse;
        if (f && (f.status !== undefined || f.raw !== undefined)) {
          out = { status: f.status ?? 200, body: f.body, raw: f.raw, headers: f.headers };
        } else {
          try {
            out = await options.handler(sim);
          } catch (err) {
            out = { status: 500, body: { detail: `simulator error: ${(err as Error).message}` } };
          }
        }
        const text = out.raw ?? (out.body === undefined ? '' : JSON.stringify(out.body));
        res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
        if (f?.slowBodyMs) {
          res.write(text.slice(0, 1));
          setTimeout(() => res.end(text.slice(1)), f.slowBodyMs).unref();
          return;
        }
        res.end(text);
      })();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  return {
    url: `http://${host}:${addr.port}`,
    requests,
    count: (fragment) => (fragment ? requests.filter((r) => r.path.includes(fragment)).length : requests.length),
    resetLog: () => {
      requests.length = 0;
    },
    setFault: (f) => {
      fault = f ? { ...f } : null;
    },
    setLatency: (ms) => {
      latency = ms;
    },
    get abandoned() {
      return abandoned;
    },
    close: async () => {
      for (const release of hanging) release();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
