const moduleNameMapper = {
  '^@serial/(domain|event-store|read-models|runtime)$': '<rootDir>/libs/$1/src',
  '^@serial/(domain|event-store|read-models|runtime)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
/**
 * content-disposition 3 (a dependency of @fastify/static, which serves Swagger UI) is ESM only:
 * Node 20.19+ requires it as it is, Jest's CommonJS runtime needs it compiled.
 */
const ESM_ONLY = ['content-disposition'];
const base = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    [`^.+/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { diagnostics: false, tsconfig: { allowJs: true } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  testEnvironment: 'node',
  moduleNameMapper,
  rootDir: __dirname,
};

/** Tiers by file name (STYLE.md): *.spec.ts unit, *.int-spec.ts contract/integration, *.e2e-spec.ts HTTP. */
module.exports = {
  // A cap against hangs, not a speed check: the machine may be busy (speed is `npm run bench`'s job).
  testTimeout: 60_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
    },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...base, displayName: 'reliability', testMatch: ['<rootDir>/test/**/*.reliability-spec.ts'] },
  ],
};
