// Whether engage's CSV and DuckDB's rows carry the same figures, per kind of case.

function csv(text) {
  const [header, ...lines] = text.trimEnd().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}

const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

export const checks = {
  rate(engageText, duck) {
    const rows = csv(engageText);
    const all = rows.at(-1);
    const [d] = duck;
    const problems = [];
    for (const name of ['posts', 'interactions', 'basis']) if (Number(all[name]) !== Number(d[name])) problems.push(`${name}: engage ${all[name]}, DuckDB ${d[name]}`);
    if (rows.length - 1 !== Number(d.groups)) problems.push(`groups: engage ${rows.length - 1}, DuckDB ${d.groups}`);
    return problems;
  },
  churn(engageText, duck) {
    const rows = csv(engageText).filter((r) => r.period !== 'all');
    const problems = [];
    if (rows.length !== duck.length) problems.push(`periods: engage ${rows.length}, DuckDB ${duck.length}`);
    rows.forEach((r, i) => {
      const d = duck[i];
      if (!d || r.period !== d.period || Number(r.active) !== Number(d.active) || Number(r.churned || 0) !== Number(d.churned)) {
        problems.push(`${r.period}: engage active ${r.active} churned ${r.churned}, DuckDB ${JSON.stringify(d)}`);
      }
    });
    return problems;
  },
  retention(engageText, duck) {
    const rows = csv(engageText).filter((r) => r.cohort !== 'all');
    const cells = new Map(duck.map((d) => [`${d.cohort}:${d.k}`, Number(d.n)]));
    const problems = [];
    for (const r of rows) {
      const size = cells.get(`${r.cohort}:0`);
      if (Number(r.customers) !== size) problems.push(`${r.cohort}: engage ${r.customers} customers, DuckDB ${size}`);
      for (let k = 1; `offset_${k}` in r && r[`offset_${k}`] !== ''; k++) {
        const share = (cells.get(`${r.cohort}:${k}`) ?? 0) / size;
        if (!close(Number(r[`offset_${k}`]), share)) problems.push(`${r.cohort} offset ${k}: engage ${r[`offset_${k}`]}, DuckDB ${share}`);
      }
    }
    return problems;
  },
};
