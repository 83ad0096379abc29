/**
 * Did-you-mean: the candidate nearest to a misspelt word (case-insensitive match first, then edit
 * distance), if it is near enough to be a likely typo. A candidate whose length differs by more than
 * that is not compared at all, so a word of any length (a 200 KB key) costs no more than a short one.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const near = word.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - word.length) > near) continue;
    const d = candidate.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= near ? best : undefined;
}

/** Edits from `a` to `b`: insertions, deletions, substitutions and swaps of two neighbours (`snyth` → `synth` is one). */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], before[j - 2] + 1);
    }
    before = prev;
    prev = cur;
  }
  return prev[b.length];
}
