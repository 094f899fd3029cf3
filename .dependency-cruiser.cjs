// Imports only go down (DESIGN.md "Layers"): a cycle, or an import of a layer
// above, fails `npm run check:deps` and CI. Type-only imports count too.

/** The layers, top first, each a path pattern under src/. */
const LAYERS = [
  ['cli', '^src/(cli/|index\\.ts$)'],
  ['report', '^src/report/'],
  ['orchestrator', '^src/orchestrator/'],
  ['engines', '^src/engines/'],
  ['format', '^src/(format|ui)/'],
  ['metrics', '^src/metrics/'],
  ['sql', '^src/sql/'],
  ['schema', '^src/schema/'],
  ['io', '^src/io/'],
  ['time', '^src/time/'],
  ['kernels', '^src/(kernels|notes)/'],
  ['core', '^src/(core/|errors\\.ts$)'],
];

const upward = LAYERS.flatMap(([name, path], index) =>
  index === 0
    ? []
    : [
        {
          name: `no-upward-from-${name}`,
          severity: 'error',
          comment: `${name} imports only its own layer and those below it`,
          from: { path },
          to: { path: LAYERS.slice(0, index).map(([, above]) => `(${above})`).join('|') },
        },
      ],
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'a cycle is a design bug', from: {}, to: { circular: true } },
    {
      name: 'engines-apart',
      severity: 'error',
      comment: 'no engine imports another: the orchestrator composes them',
      from: { path: '^src/engines/sql/' },
      to: { path: '^src/engines/streaming/' },
    },
    {
      name: 'streaming-apart',
      severity: 'error',
      comment: 'no engine imports another: the orchestrator composes them',
      from: { path: '^src/engines/streaming/' },
      to: { path: '^src/engines/sql/' },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
