// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const prettier = require('eslint-config-prettier');

/** libs/domain stays pure (DESIGN.md): no framework, no I/O, no process, no clock, no randomness. */
const domainPurity = {
  files: ['libs/domain/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['@nestjs/*', 'better-sqlite3', 'mongodb', '@kurrent/*', '@eventstore/*', 'pino*'],
            message: 'libs/domain is pure: no framework or driver imports.',
          },
          {
            group: ['node:*', 'fs', 'path', 'crypto', 'child_process', 'http', 'net', 'os'],
            message: 'libs/domain is pure: no Node I/O modules.',
          },
          {
            group: ['@serial/event-store*', '@serial/read-models*', '**/apps/**'],
            message: 'libs/domain depends on nothing else in the repo.',
          },
        ],
      },
    ],
    'no-restricted-globals': ['error', { name: 'process', message: 'No process in the domain.' }],
    'no-restricted-syntax': [
      'error',
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'Time comes in with the command.',
      },
      {
        selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
        message: 'Time comes in with the command.',
      },
      {
        selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
        message: 'No randomness in the domain.',
      },
    ],
  },
};

/**
 * Apps import libs through their `@serial/*` aliases and never another app's src (DESIGN.md "Shape"):
 * what two apps share lives in a lib (libs/runtime for the process plumbing).
 */
const APPS = ['api', 'projector', 'cli', 'bench'];
const viaAliases = {
  regex: String.raw`(^|/)(libs/[^/]+|domain|event-store|read-models|runtime)/src(/|$)`,
  message: 'Import a lib through its @serial/* alias, not by path.',
};
const appBoundaries = APPS.map((app) => ({
  files: [`apps/${app}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: String.raw`(^|/)(apps/[^/]+|${APPS.filter((other) => other !== app).join('|')})/src(/|$)`,
            message: `apps/${app} must not import another app's src; move what they share into a lib.`,
          },
          viaAliases,
        ],
      },
    ],
  },
}));
const libBoundaries = {
  files: ['libs/**/*.ts'],
  ignores: ['libs/domain/**'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [{ regex: String.raw`(^|/)apps/`, message: 'Libs never import apps.' }, viaAliases],
      },
    ],
  },
};

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  ...appBoundaries,
  libBoundaries,
  { ...domainPurity, ignores: ['libs/domain/**/*.spec.ts'] },
  prettier,
);
