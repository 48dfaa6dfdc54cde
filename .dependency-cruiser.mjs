/*
 * The layer rules as code (ARCHITECTURE.md, "Layers"), checked by `npm run lint`.
 * Pure modules hold rules and data with no I/O: they are listed in PURE.
 */
const PURE = [
  '^src/lib/',
  '^src/auth/roles[.]ts$',
  '^src/features/accounts/(passwords|organisation-codes)[.]ts$',
  '^src/features/home/tasks[.]ts$',
  '^src/features/assessment/(scoring|codes|weights|rainbow|round-status|framework|tokens)[.]ts$',
  '^src/features/assessment/results-view[.]ts$',
  '^src/features/workforce/standard/(standard|columns|field-values|record-checks|json-schema|standard-doc|templates|asc-wds)[.]ts$',
  '^src/features/workforce/profile/(measures|projections|profile-(types|groups|table|build|view))[.]ts$',
  '^src/features/workforce/profile/sections/',
  '^src/features/workforce/returns/(record-columns|returns-export|readers)[.]ts$',
  '^src/features/training/(booking-states|working-days|codes|forms|booking-messages|view-model)[.]ts$',
];
const REPOSITORY = 'repository[.]ts$';
const SERVICE = 'service[.]ts$';

export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle of imports has no layer order: break it with a module both sides can import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'migrations-import-no-feature',
      severity: 'error',
      comment: 'A migration is frozen history: changing a feature must not change what a past migration does.',
      from: { path: '^src/db/migrations/' },
      to: { path: '^src/features/' },
    },
    {
      name: 'db-imports-no-feature',
      severity: 'error',
      comment:
        'src/db is the lowest layer. Exception (ARCHITECTURE.md): workforce-schema.ts takes the data standard’s record types, type-only.',
      from: { path: '^src/db/', pathNot: '^src/db/workforce-schema[.]ts$' },
      to: { path: '^src/features/' },
    },
    {
      name: 'db-schema-imports-standard-types-only',
      severity: 'error',
      from: { path: '^src/db/workforce-schema[.]ts$' },
      to: { path: '^src/features/', pathNot: '^src/features/workforce/standard/standard[.]ts$' },
    },
    {
      name: 'db-schema-imports-types-only',
      severity: 'error',
      from: { path: '^src/db/workforce-schema[.]ts$' },
      to: { path: '^src/features/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-modules-import-no-repository',
      severity: 'error',
      comment: 'Pure modules have no I/O: code lists and types they need live in pure modules too.',
      from: { path: PURE },
      to: { path: REPOSITORY },
    },
    {
      name: 'views-and-pure-modules-import-no-service',
      severity: 'error',
      comment: 'Views and pure modules take plain data; the types they share with a service live in a pure module.',
      from: { path: [...PURE, '-view[.]ts$'] },
      to: { path: SERVICE },
    },
    {
      name: 'features-import-no-composition-root',
      severity: 'error',
      comment: 'src/web/app.ts wires the features; features build pages with src/web/kit only.',
      from: { path: '^src/(features|api|cli|auth|lib|db)/' },
      to: { path: '^src/web/(app|server)[.]ts$|^src/web/middleware/' },
    },
    {
      name: 'kit-imports-no-feature',
      severity: 'error',
      comment: 'The kit is below the features: it may know who is acting (src/auth), never a feature.',
      from: { path: '^src/web/kit/' },
      to: { path: '^src/features/' },
    },
    {
      name: 'one-csv-parser',
      severity: 'error',
      comment: 'The product reads CSV with Papa Parse only (docs/adr/0008); csv-parse is a benchmark baseline.',
      from: { path: '^src/' },
      to: { path: 'node_modules/csv-parse/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|test|bench|scripts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
