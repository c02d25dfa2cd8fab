/**
 * Orders files for cross-file analysis so that results never depend on timing or on the
 * number of workers: files are grouped into levels of the import graph's condensation (strongly
 * connected components, callees first). A file sees the summaries of the files it imports
 * from earlier levels only; files of one import cycle do not see each other.
 */
export interface Schedule {
  /** Indexes of files, level by level; each level can run in parallel. */
  readonly levels: readonly (readonly number[])[];
  /** For each file, the files it imports that are in earlier levels. */
  readonly dependencies: readonly (readonly number[])[];
}

/** Builds the schedule from each file's imported files (indexes into the same list). */
export function buildSchedule(imports: readonly (readonly number[])[]): Schedule {
  const count = imports.length;
  const component = stronglyConnected(imports);
  const level = new Array<number>(count).fill(-1);
  const componentLevel = new Map<number, number>();
  // Tarjan numbers components in reverse topological order: dependencies get lower numbers.
  const order = [...new Set(component)].sort((a, b) => a - b);
  const members = new Map<number, number[]>();
  component.forEach((c, i) => {
    const list = members.get(c);
    if (list) list.push(i);
    else members.set(c, [i]);
  });
  for (const c of order) {
    let max = -1;
    for (const file of members.get(c) ?? []) {
      for (const dep of imports[file] ?? []) {
        const depComponent = component[dep];
        if (depComponent !== undefined && depComponent !== c) max = Math.max(max, componentLevel.get(depComponent) ?? 0);
      }
    }
    componentLevel.set(c, max + 1);
  }
  component.forEach((c, i) => {
    level[i] = componentLevel.get(c) ?? 0;
  });
  const levels: number[][] = [];
  level.forEach((l, i) => {
    (levels[l] ??= []).push(i);
  });
  const dependencies = imports.map((deps, i) => [...new Set(deps)].filter((d) => component[d] !== component[i]).sort((a, b) => a - b));
  return { levels: levels.filter((l) => l.length > 0), dependencies };
}

/** Iterative Tarjan: component ids in reverse topological order (a file's imports come first). */
function stronglyConnected(edges: readonly (readonly number[])[]): number[] {
  const n = edges.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const component = new Array<number>(n).fill(-1);
  const stack: number[] = [];
  let counter = 0;
  let components = 0;
  for (let start = 0; start < n; start++) {
    if (index[start] !== -1) continue;
    const work: [number, number][] = [[start, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number];
      const [v, next] = frame;
      if (next === 0) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
      }
      const targets = edges[v] ?? [];
      if (next < targets.length) {
        frame[1] = next + 1;
        const w = targets[next] as number;
        if (index[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v] as number, index[w] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]] as number, low[v] as number);
      if (low[v] === index[v]) {
        for (;;) {
          const w = stack.pop() as number;
          onStack[w] = false;
          component[w] = components;
          if (w === v) break;
        }
        components++;
      }
    }
  }
  return component;
}
