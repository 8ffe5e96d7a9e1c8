/**
 * Validates one Kubernetes document against the OpenAPI schema of its apiVersion and kind,
 * offline, with the validators kubernetes-models ships precompiled. Throws with the schema's
 * message (e.g. "data/spec/replicas must be integer"), or when there is no schema for the kind
 * (a misspelt kind must not pass silently).
 *
 * The Kubernetes schemas allow unknown fields, so a misspelt field name is not caught here;
 * the tests read the fields they rely on (probes, ports, selectors) by name instead.
 */
export async function validateManifest(doc: unknown): Promise<void> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('a manifest must be a mapping');
  const { apiVersion, kind } = doc as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') throw new Error('a manifest needs a string apiVersion and kind');
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : [undefined, apiVersion];
  // Both parts become a module path: allow only what real group/version/kind names look like.
  if ((group !== undefined && !/^[a-z0-9.-]+$/.test(group)) || !/^v[0-9a-z]+$/.test(version ?? '') || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    throw new Error(`no Kubernetes schema for ${apiVersion} ${kind}`);
  }
  const specifier = group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
  let Model: (new (data: unknown) => { validate(): void }) | undefined;
  try {
    Model = ((await import(specifier)) as Record<string, typeof Model>)[kind];
  } catch {
    Model = undefined;
  }
  if (!Model) throw new Error(`no Kubernetes schema for ${apiVersion} ${kind}`);
  new Model(doc).validate();
}
