// CWE ids that name the same weakness at different levels of the CWE hierarchy (a parent and
// the child a reviewer may pick instead). A static rule and an LLM claim on the same line with
// ids in one group describe one defect; the eval counts a hit for either id of a group.
const GROUPS: ReadonlyArray<readonly number[]> = [
  [77, 78, 88],
  [89],
  [94, 95, 1336],
  [79, 116],
  [22, 73],
  [259, 798, 321, 522, 256],
  [326, 327, 328, 916, 759],
  [330, 338],
  [295, 297],
  [502],
  [611, 776],
  [390, 391, 396, 703, 754, 617],
  [200, 209, 215, 532],
  [400, 770, 1333],
  [276, 732],
  [287, 306, 862, 863],
  [489, 215],
  [601],
  [918],
  [377],
];

const FAMILY: ReadonlyMap<string, string> = buildFamilies();

function buildFamilies(): Map<string, string> {
  const family = new Map<string, string>();
  for (const group of GROUPS) {
    const name = `CWE-${group[0] ?? 0}`;
    for (const n of group) if (!family.has(`CWE-${n}`)) family.set(`CWE-${n}`, name);
  }
  return family;
}

/** The group a CWE id belongs to (its own id when it is in no group). */
export function cweFamily(id: string): string {
  return FAMILY.get(id) ?? id;
}

/** True when two CWE ids name the same weakness for merging and scoring. */
export function relatedCwes(a: string, b: string): boolean {
  return a === b || cweFamily(a) === cweFamily(b);
}
