import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config/loadConfig.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';
import { parseDockerfile, type DockerStage } from './parseDockerfile.js';
import { promqlNames } from './promqlNames.js';
import { validateManifest } from './validateManifest.js';

const ROOT = process.cwd();
const MANIFEST_DIR = join(ROOT, 'deploy/kubernetes');
const DASHBOARD = join(ROOT, 'deploy/grafana/analytics-gateway.json');

// Manifests are free-form YAML; the tests walk them by field name.
type Doc = Record<string, any>;

interface LoadedDoc {
  file: string;
  doc: Doc;
}

function loadYamlDocs(file: string): Doc[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).flatMap((d) => {
    if (d.errors.length) throw new Error(`${relative(ROOT, file)}: ${d.errors[0]!.message}`);
    const value = d.toJS() as unknown;
    return value === null || value === undefined ? [] : [value as Doc];
  });
}

function loadManifests(): LoadedDoc[] {
  return readdirSync(MANIFEST_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) => loadYamlDocs(join(MANIFEST_DIR, f)).map((doc) => ({ file: f, doc })));
}

const manifests = loadManifests();
const find = (kind: string, name: string): Doc => {
  const hit = manifests.find((m) => m.doc.kind === kind && m.doc.metadata?.name === name);
  if (!hit) throw new Error(`no ${kind} named ${name} under deploy/kubernetes`);
  return hit.doc;
};
const deployment = find('Deployment', 'analytics-gateway');
const podSpec: Doc = deployment.spec.template.spec;
const container: Doc = podSpec.containers.find((c: Doc) => c.name === 'gateway');
const configMap = find('ConfigMap', 'analytics-gateway');

/** A container port given by name or number, as Kubernetes resolves it. */
function resolvePort(c: Doc, port: string | number): number | undefined {
  if (typeof port === 'number') return c.ports?.some((p: Doc) => p.containerPort === port) ? port : undefined;
  return c.ports?.find((p: Doc) => p.name === port)?.containerPort;
}
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

const dockerStages: DockerStage[] = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const runtimeStage = dockerStages.at(-1)!;
const lastArgs = (stage: DockerStage, instruction: string) => stage.instructions.filter((i) => i.instruction === instruction).at(-1)?.args;

describe('the Kubernetes manifests', () => {
  it('are found and each document names its kind', () => {
    const kinds = manifests.map((m) => m.doc.kind);
    for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ConfigMap']) expect(kinds).toContain(kind);
    for (const { file, doc } of manifests) expect(doc.metadata?.name, `${file} ${doc.kind}`).toMatch(/^[a-z0-9-]+$/);
  });

  it.each(manifests.map((m) => [`${m.file}: ${m.doc.kind} ${m.doc.metadata?.name}`, m.doc] as const))('%s validates against the Kubernetes schema', async (_, doc) => {
    await validateManifest(doc);
  });

  const broken = loadYamlDocs(join(ROOT, 'test/deploy/fixtures/broken-manifests.yaml'));
  it.each(broken.map((doc) => [doc.metadata.name as string, doc] as const))('the validator rejects the broken fixture %s', async (_, doc) => {
    await expect(validateManifest(doc)).rejects.toThrow(doc.metadata.annotations['expected-error']);
  });

  it('runs three non-root gateway replicas with a read-only root file system and resource bounds', () => {
    expect(deployment.spec.replicas).toBe(3);
    expect(podSpec.securityContext.runAsNonRoot).toBe(true);
    expect(podSpec.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    for (const r of ['cpu', 'memory']) {
      expect(container.resources.requests[r], `requests.${r}`).toBeDefined();
      expect(container.resources.limits[r], `limits.${r}`).toBeDefined();
    }
  });

  it('serves the Service, the probes and the Prometheus scrape from the port the Dockerfile exposes', () => {
    const expose = Number(lastArgs(runtimeStage, 'EXPOSE'));
    expect(resolvePort(container, 'http')).toBe(expose);
    expect(resolvePort(container, container.readinessProbe.httpGet.port)).toBe(expose);
    expect(resolvePort(container, container.livenessProbe.httpGet.port)).toBe(expose);
    expect(Number(configMap.data.PORT)).toBe(expose);

    const service = find('Service', 'analytics-gateway');
    expect(selects(service.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
    for (const p of service.spec.ports) expect(resolvePort(container, p.targetPort), `Service port ${p.name}`).toBe(expose);

    const annotations = deployment.spec.template.metadata.annotations;
    expect(annotations['prometheus.io/scrape']).toBe('true');
    expect(Number(annotations['prometheus.io/port'])).toBe(expose);
    expect(annotations['prometheus.io/path']).toBe('/metrics');
  });

  it('scales and protects the gateway pods only, never fewer than the Deployment asks for', () => {
    const hpa = find('HorizontalPodAutoscaler', 'analytics-gateway');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBe(deployment.spec.replicas);
    expect(hpa.spec.metrics.map((m: Doc) => m.resource?.name)).toContain('cpu');

    const pdb = find('PodDisruptionBudget', 'analytics-gateway');
    expect(pdb.apiVersion).toBe('policy/v1');
    const labels = deployment.spec.template.metadata.labels;
    expect(selects(pdb.spec.selector.matchLabels, labels)).toBe(true);
    const redisLabels = find('Deployment', 'analytics-gateway-redis').spec.template.metadata.labels;
    expect(selects(pdb.spec.selector.matchLabels, redisLabels)).toBe(false);
    expect(selects(find('Service', 'analytics-gateway').spec.selector, redisLabels)).toBe(false);
  });

  it('points REDIS_URL at the Redis Service, which reaches the Redis container', () => {
    const url = new URL(configMap.data.REDIS_URL);
    const service = find('Service', url.hostname);
    const redis = find('Deployment', 'analytics-gateway-redis');
    expect(redis.spec.template.spec.containers[0].image).toMatch(/^redis:7(\.|-|$)/);
    expect(selects(service.spec.selector, redis.spec.template.metadata.labels)).toBe(true);
    const port = service.spec.ports.find((p: Doc) => p.port === Number(url.port));
    expect(port, `Service port ${url.port}`).toBeDefined();
    expect(resolvePort(redis.spec.template.spec.containers[0], port.targetPort)).toBe(6379);
  });

  it('gives the gateway a configuration it accepts, with every secret read from a mounted Secret file', () => {
    expect(container.envFrom).toContainEqual({ configMapRef: { name: configMap.metadata.name } });
    // Where each Secret key appears in the container: mountPath/item path.
    const mounted = new Map<string, string>();
    for (const vol of podSpec.volumes.filter((v: Doc) => v.secret)) {
      const mount = container.volumeMounts.find((m: Doc) => m.name === vol.name);
      for (const item of vol.secret.items) mounted.set(`${mount.mountPath}/${item.path}`, item.key);
    }
    const dir = mkdtempSync(join(tmpdir(), 'gateway-secrets-'));
    try {
      const settings: Record<string, string> = {};
      for (const [name, value] of Object.entries(configMap.data as Record<string, string>)) {
        if (!name.endsWith('_FILE')) {
          settings[name] = value;
          continue;
        }
        const key = mounted.get(value);
        expect(key, `${name}=${value} is not a file of a mounted Secret`).toBeDefined();
        const file = join(dir, key!);
        writeFileSync(file, key === 'gateway-api-keys.json' ? JSON.stringify({ keys: [{ name: 'ops', key: 'ops-key-0123456789abcdef' }] }) : `secret of ${key}\n`);
        settings[name] = file;
      }
      // Through CONFIG_FILE, which refuses any name the gateway does not know (a typo fails here).
      const configFile = join(dir, 'config.json');
      writeFileSync(configFile, JSON.stringify(settings));
      const config = loadConfig({ CONFIG_FILE: configFile });
      expect(config.mode).toBe('live');
      expect(config.host).toBe('0.0.0.0');
      expect(config.auth.enabled).toBe(true);
      expect(config.auth.apiKeys.map((k) => k.name)).toEqual(['ops']);
      expect(config.sources.iblai?.apiToken).toBe('secret of iblai-api-token');
      expect(config.sources.callCounts?.password).toBe('secret of call-counts-password');
      expect(config.sources.callStats?.apiKey).toBe('secret of call-stats-api-key');
      expect(config.sources.ejento?.subscriptionKey).toBe('secret of ejento-subscription-key');
      expect(config.sources.ejento?.token).toBe('secret of ejento-token');
      // Every replica shares the response cache, rate limits and APQ through that Redis.
      expect(config.redis.url).toBe(configMap.data.REDIS_URL);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the probes against a running gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('answer 200 on the readiness and liveness paths; draining fails readiness but not liveness', async () => {
    const readiness = container.readinessProbe.httpGet.path as string;
    const liveness = container.livenessProbe.httpGet.path as string;
    expect([readiness, liveness]).toEqual(['/readyz', '/healthz']);
    expect((await fetch(`${gw.url}${readiness}`)).status).toBe(200);
    expect((await fetch(`${gw.url}${liveness}`)).status).toBe(200);
    // On SIGTERM the gateway drains: Kubernetes must stop routing to it, not restart it.
    gw.running.gateway.drain();
    expect((await fetch(`${gw.url}${readiness}`)).status).toBe(503);
    expect((await fetch(`${gw.url}${liveness}`)).status).toBe(200);
  });

  it("the Dockerfile's HEALTHCHECK passes against a live gateway and fails against an unhealthy one", async () => {
    const words = /^(?:--\S+\s+)*CMD\s+(.*)$/s.exec(lastArgs(runtimeStage, 'HEALTHCHECK') ?? '');
    const argv = JSON.parse(words?.[1] ?? 'null') as string[];
    expect(argv[0]).toBe('node');
    const run = (port: number) =>
      new Promise<number>((resolve) => {
        execFile(process.execPath, argv.slice(1), { env: { PORT: String(port) }, timeout: 10_000 }, (err) => resolve(err ? Number(err.code ?? 1) : 0));
      });
    expect(await run(Number(new URL(gw.url).port))).toBe(0);
    const unhealthy: Server = createServer((_, res) => res.writeHead(503).end());
    await new Promise<void>((r) => unhealthy.listen(0, '127.0.0.1', () => r()));
    try {
      expect(await run((unhealthy.address() as AddressInfo).port)).toBe(1);
    } finally {
      await new Promise((r) => unhealthy.close(r));
    }
  });
});

describe('the Dockerfile', () => {
  it('runs dist/src/index.js with node and the node flags of npm start, as a non-root user, from a Node 20 image', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const startBuilt = scripts['start:built']!.split(' ');
    expect(startBuilt).toEqual(['node', '--max-semi-space-size=32', 'dist/src/index.js']);
    expect(scripts.start).toMatch(new RegExp(`&& ${startBuilt.join(' ')}$`));
    expect(JSON.parse(lastArgs(runtimeStage, 'CMD') ?? 'null')).toEqual(startBuilt);
    const user = lastArgs(runtimeStage, 'USER') ?? 'root';
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
    expect(runtimeStage.image).toMatch(/^node:20[-.]/);
    expect(lastArgs(runtimeStage, 'EXPOSE')).toBe('4000');
  });

  it('builds with dev dependencies and ships production dependencies and dist (code with its SDL)', () => {
    expect(dockerStages.length).toBeGreaterThanOrEqual(2);
    const runs = (s: DockerStage) => s.instructions.filter((i) => i.instruction === 'RUN').map((i) => i.args).join('\n');
    expect(runs(dockerStages[0]!)).toMatch(/npm ci(?![^\n]*--omit=dev)/);
    expect(runs(dockerStages[0]!)).toContain('npm run build');
    expect(runs(runtimeStage)).toMatch(/npm ci [^\n]*--omit=dev/);
    const copies = runtimeStage.instructions.filter((i) => i.instruction === 'COPY').map((i) => i.args);
    expect(copies).toContain(`--from=${dockerStages[0]!.name} /app/dist ./dist`);
    expect(copies.some((c) => c.startsWith('schema'))).toBe(false);
    const buildCopies = dockerStages[0]!.instructions.filter((i) => i.instruction === 'COPY').map((i) => i.args);
    expect(buildCopies).toEqual(expect.arrayContaining(['src ./src', 'scripts ./scripts']));
    expect(copies.some((c) => c.startsWith('package.json'))).toBe(true);
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.env', '.git']));
    for (const stage of dockerStages) {
      for (const copy of stage.instructions.filter((i) => i.instruction === 'COPY' && !i.args.startsWith('--from'))) {
        const sources = copy.args.split(/\s+/).filter((w) => !w.startsWith('--')).slice(0, -1);
        for (const src of sources) {
          expect(existsSync(join(ROOT, src)), `COPY ${src}`).toBe(true);
          expect(ignored.some((pattern) => pattern === src || src.startsWith(`${pattern}/`)), `${src} is in .dockerignore`).toBe(false);
        }
      }
    }
  });

  it('starts the file npm run build:server produces from src/index.ts', () => {
    const file = ts.readConfigFile(join(ROOT, 'tsconfig.build.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(file.config, ts.sys, ROOT);
    const entry = join(ROOT, 'src/index.ts');
    expect(parsed.fileNames).toContain(entry);
    const { outDir, rootDir } = parsed.options;
    const emitted = join(outDir!, relative(rootDir!, dirname(entry)), 'index.js');
    expect(relative(ROOT, emitted)).toBe(JSON.parse(lastArgs(runtimeStage, 'CMD')!).at(-1));
  });
});

/** The metric contract of the gateway's /metrics: names, labels and enumerated label values. */
const METRICS: Record<string, { labels: string[]; histogram?: true }> = {
  gateway_requests_total: { labels: ['operation_name', 'status'] },
  gateway_request_duration_seconds: { labels: ['operation_name'], histogram: true },
  gateway_errors_total: { labels: ['code'] },
  gateway_upstream_requests_total: { labels: ['source', 'status_class'] },
  gateway_upstream_duration_seconds: { labels: ['source'], histogram: true },
  gateway_upstream_inflight: { labels: ['source'] },
  gateway_circuit_state: { labels: ['source'] },
  gateway_single_flight_joins_total: { labels: ['source'] },
  gateway_rate_limited_total: { labels: [] },
  gateway_cache_requests_total: { labels: ['source', 'result'] },
  gateway_cache_backend_errors_total: { labels: [] },
  process_resident_memory_bytes: { labels: [] },
  nodejs_eventloop_lag_p99_seconds: { labels: [] },
};
const LABEL_VALUES: Record<string, string[]> = {
  status: ['ok', 'error'],
  status_class: ['2xx', '3xx', '4xx', '5xx', 'timeout', 'error'],
  result: ['hit', 'miss', 'stale', 'bypass'],
};
/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = ['instance'];

/** The series names a metric of the contract exposes (a histogram's _bucket, _sum, _count). */
function contractMetric(series: string): string | undefined {
  if (METRICS[series] && !METRICS[series].histogram) return series;
  const m = /^(.*)_(bucket|sum|count)$/.exec(series);
  return m && METRICS[m[1]!]?.histogram ? m[1] : undefined;
}

/** What in one expression breaks the contract: unknown metrics, labels or label values. */
function contractViolations(expr: string): string[] {
  const { metrics, labels, matchers } = promqlNames(expr);
  const problems: string[] = [];
  const allowed = new Set(TARGET_LABELS);
  for (const series of metrics) {
    const metric = contractMetric(series);
    if (!metric) problems.push(`unknown metric ${series}`);
    else for (const l of METRICS[metric]!.labels) allowed.add(l);
    if (series.endsWith('_bucket') && metric) allowed.add('le');
  }
  for (const l of labels) if (!allowed.has(l)) problems.push(`label ${l} is not a label of ${metrics.join(', ')}`);
  for (const { label, values } of matchers) {
    for (const v of values) if (LABEL_VALUES[label] && !LABEL_VALUES[label].includes(v)) problems.push(`${label}="${v}" is not one of ${LABEL_VALUES[label].join('|')}`);
  }
  return problems;
}

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Doc;
  const panels: Doc[] = dashboard.panels.flatMap((p: Doc) => [p, ...(p.panels ?? [])]);
  const queries: Doc[] = panels.filter((p) => p.type !== 'row');
  const exprs: string[] = queries.flatMap((p) => p.targets.map((t: Doc) => t.expr as string));
  const variables: Doc[] = dashboard.templating?.list ?? [];

  it('is importable: a Prometheus datasource input that every panel and variable uses', () => {
    const input = dashboard.__inputs.find((i: Doc) => i.type === 'datasource' && i.pluginId === 'prometheus');
    expect(input).toBeDefined();
    const ds = { type: 'prometheus', uid: `\${${input.name}}` };
    expect(dashboard.id).toBeNull();
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    expect(queries.length).toBeGreaterThan(0);
    for (const p of queries) {
      expect(p.datasource, p.title).toEqual(ds);
      expect(p.targets.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets) {
        expect(t.datasource, p.title).toEqual(ds);
        expect(typeof t.expr === 'string' && t.expr.length > 0, p.title).toBe(true);
      }
      expect(new Set(p.targets.map((t: Doc) => t.refId)).size, p.title).toBe(p.targets.length);
    }
    for (const v of variables) expect(v.datasource, v.name).toEqual(ds);
  });

  it('uses only the metric names, labels and label values of the contract', () => {
    const problems = exprs.flatMap((e) => contractViolations(e).map((p) => `${p} in ${e}`));
    for (const v of variables) {
      const m = /^label_values\((\w+),\s*(\w+)\)$/.exec(v.definition);
      expect(m, `variable ${v.name}: ${v.definition}`).not.toBeNull();
      expect(v.query.query).toBe(v.definition);
      problems.push(...contractViolations(`sum by (${m![2]}) (${m![1]})`).map((p) => `${p} in variable ${v.name}`));
    }
    expect(problems).toEqual([]);
  });

  it('charts every metric of the contract', () => {
    const used = new Set(exprs.flatMap((e) => promqlNames(e).metrics.map(contractMetric)));
    expect(Object.keys(METRICS).filter((m) => !used.has(m))).toEqual([]);
  });

  it('the contract check catches a misspelt metric, a foreign label and an unknown label value', () => {
    expect(contractViolations('sum by (source) (rate(gateway_upstream_request_total[5m]))')).toEqual(['unknown metric gateway_upstream_request_total', 'label source is not a label of gateway_upstream_request_total']);
    expect(contractViolations('sum by (sources) (rate(gateway_upstream_requests_total[5m]))')).toEqual(['label sources is not a label of gateway_upstream_requests_total']);
    expect(contractViolations('sum(rate(gateway_requests_total{status="failed"}[5m]))')).toEqual(['status="failed" is not one of ok|error']);
    expect(contractViolations('histogram_quantile(0.99, sum by (le) (rate(gateway_request_duration_seconds[5m])))')).toEqual([
      'unknown metric gateway_request_duration_seconds',
      'label le is not a label of gateway_request_duration_seconds',
    ]);
    expect(contractViolations('histogram_quantile(0.99, sum by (le) (rate(gateway_request_duration_seconds_bucket[5m])))')).toEqual([]);
  });
});
