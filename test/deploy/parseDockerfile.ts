export interface DockerInstruction {
  /** Upper-case, e.g. `COPY`. */
  instruction: string;
  /** The rest of the (continued) line, trimmed. */
  args: string;
}

export interface DockerStage {
  /** The FROM image with build ARG defaults substituted, e.g. `node:20-bookworm-slim`. */
  image: string;
  name: string | null;
  instructions: DockerInstruction[];
}

/**
 * Splits a Dockerfile into stages of instructions: comments dropped, `\` continuations joined,
 * `${ARG}` in FROM resolved from the ARG defaults declared before the first FROM. Enough for
 * static checks of our own Dockerfile, not a full parser (no heredocs, no escape directive).
 */
export function parseDockerfile(text: string): DockerStage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (pending !== '' && line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    logical.push((pending + line).trim());
    pending = '';
  }
  if (pending.trim()) logical.push(pending.trim());

  const globalArgs: Record<string, string> = {};
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const m = /^(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const instruction = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    if (instruction === 'FROM') {
      const [image = '', as, name] = args.split(/\s+/);
      const resolved = image.replace(/\$\{?(\w+)\}?/g, (_, v: string) => globalArgs[v] ?? '');
      stages.push({ image: resolved, name: as?.toUpperCase() === 'AS' ? (name ?? null) : null, instructions: [] });
      continue;
    }
    if (stages.length === 0) {
      if (instruction === 'ARG') {
        const [k, v] = args.split('=', 2);
        if (k && v !== undefined) globalArgs[k] = v;
      }
      continue;
    }
    stages.at(-1)!.instructions.push({ instruction, args });
  }
  return stages;
}
