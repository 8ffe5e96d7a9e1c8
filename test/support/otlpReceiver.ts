import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as the receiver decoded it (ids in lowercase hex, OTLP span kinds: 1 internal, 2 server, 3 client). */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
  events: { name: string; attributes: Record<string, string | number | boolean> }[];
  links: { traceId: string; spanId: string; attributes: Record<string, string | number | boolean> }[];
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  /** The attributes of the span's resource. */
  resource: Record<string, string | number | boolean>;
}

export interface ReceivedExport {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A tiny OTLP/HTTP collector on 127.0.0.1: keeps every POST, answers 200. */
export interface OtlpReceiver {
  /** Base endpoint, e.g. http://127.0.0.1:43123 (exports go to /v1/traces). */
  readonly url: string;
  readonly exports: ReceivedExport[];
  /** Every span of every export, decoded from JSON or protobuf by its content type. */
  spans(): ReceivedSpan[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      exports.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      const json = String(req.headers['content-type']).includes('json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    spans: () => exports.flatMap((e) => (String(e.headers['content-type']).includes('json') ? fromJson(e.body) : fromProtobuf(e.body))),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// --- OTLP/JSON -------------------------------------------------------------------------------

type Json = any;

const hexId = (v: unknown): string => {
  if (typeof v !== 'string' || v === '') return '';
  return /^[0-9a-f]+$/i.test(v) && (v.length === 32 || v.length === 16) ? v.toLowerCase() : Buffer.from(v, 'base64').toString('hex');
};

function jsonValue(v: Json): string | number | boolean {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.boolValue !== undefined) return Boolean(v.boolValue);
  return JSON.stringify(v);
}
const jsonAttributes = (list: Json[] | undefined) => Object.fromEntries((list ?? []).map((kv: Json) => [kv.key, jsonValue(kv.value ?? {})]));

function fromJson(body: Buffer): ReceivedSpan[] {
  const request = JSON.parse(body.toString('utf8'));
  return (request.resourceSpans ?? []).flatMap((rs: Json) => {
    const resource = jsonAttributes(rs.resource?.attributes);
    return (rs.scopeSpans ?? []).flatMap((ss: Json) =>
      (ss.spans ?? []).map((s: Json) => ({
        traceId: hexId(s.traceId),
        spanId: hexId(s.spanId),
        parentSpanId: hexId(s.parentSpanId),
        name: s.name,
        kind: Number(s.kind ?? 0),
        attributes: jsonAttributes(s.attributes),
        events: (s.events ?? []).map((e: Json) => ({ name: e.name, attributes: jsonAttributes(e.attributes) })),
        links: (s.links ?? []).map((l: Json) => ({ traceId: hexId(l.traceId), spanId: hexId(l.spanId), attributes: jsonAttributes(l.attributes) })),
        statusCode: Number(s.status?.code ?? 0),
        resource,
      })),
    );
  });
}

// --- OTLP/protobuf: just enough of the wire format for ExportTraceServiceRequest ---------------

type Field = { no: number; varint?: bigint; bytes?: Buffer };

/** The fields of one protobuf message, in order (wire types 0, 1, 2 and 5). */
function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[i++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const no = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ no, varint: varint() });
    else if (wire === 1) {
      out.push({ no, bytes: buf.subarray(i, i + 8) });
      i += 8;
    } else if (wire === 2) {
      const len = Number(varint());
      out.push({ no, bytes: buf.subarray(i, i + len) });
      i += len;
    } else if (wire === 5) {
      out.push({ no, bytes: buf.subarray(i, i + 4) });
      i += 4;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return out;
}
const all = (fs: Field[], no: number) => fs.filter((f) => f.no === no);
const one = (fs: Field[], no: number) => fs.find((f) => f.no === no);
const str = (f: Field | undefined) => f?.bytes?.toString('utf8') ?? '';
const hex = (f: Field | undefined) => f?.bytes?.toString('hex') ?? '';

function anyValue(buf: Buffer): string | number | boolean {
  const f = fields(buf)[0];
  if (!f) return '';
  if (f.no === 1) return str(f);
  if (f.no === 2) return f.varint === 1n;
  if (f.no === 3) return Number(BigInt.asIntN(64, f.varint!));
  if (f.no === 4) return f.bytes!.readDoubleLE(0);
  return f.bytes?.toString('hex') ?? '';
}
const pbAttributes = (fs: Field[]) =>
  Object.fromEntries(
    fs.map((kv) => {
      const inner = fields(kv.bytes!);
      const value = one(inner, 2);
      return [str(one(inner, 1)), value?.bytes ? anyValue(value.bytes) : ''];
    }),
  );

function fromProtobuf(body: Buffer): ReceivedSpan[] {
  return all(fields(body), 1).flatMap((rsField) => {
    const rs = fields(rsField.bytes!);
    const resourceField = one(rs, 1);
    const resource = resourceField ? pbAttributes(all(fields(resourceField.bytes!), 1)) : {};
    return all(rs, 2).flatMap((ssField) =>
      all(fields(ssField.bytes!), 2).map((spanField) => {
        const s = fields(spanField.bytes!);
        const status = one(s, 15);
        return {
          traceId: hex(one(s, 1)),
          spanId: hex(one(s, 2)),
          parentSpanId: hex(one(s, 4)),
          name: str(one(s, 5)),
          kind: Number(one(s, 6)?.varint ?? 0n),
          attributes: pbAttributes(all(s, 9)),
          events: all(s, 11).map((e) => {
            const ef = fields(e.bytes!);
            return { name: str(one(ef, 2)), attributes: pbAttributes(all(ef, 3)) };
          }),
          links: all(s, 13).map((l) => {
            const lf = fields(l.bytes!);
            return { traceId: hex(one(lf, 1)), spanId: hex(one(lf, 2)), attributes: pbAttributes(all(lf, 4)) };
          }),
          statusCode: status ? Number(one(fields(status.bytes!), 3)?.varint ?? 0n) : 0,
          resource,
        };
      }),
    );
  });
}
