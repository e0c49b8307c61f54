// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'relay/dist/',
      'build/',
      'coverage/',
      'src/FileCabinet/',
      'test/account/src/FileCabinet/',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      // `import x = require('N/x')` is the SuiteScript TypeScript idiom (HITC typings).
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    // SuiteScript code: NetSuite's modules are the only platform it may touch. The typescript-eslint rule
    // also sees `import x = require(…)`.
    files: ['src/suitescript/**/*.ts', 'test/account/suitescript/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...['fs', 'path', 'http', 'https', 'crypto', 'os', 'child_process'].map((name) => ({
              name,
              message: 'SuiteScript code runs in NetSuite: no Node modules.',
            })),
            { name: 'stripe', message: 'Stripe types come from booking/stripeShapes.ts, the one place for them.' },
          ],
          patterns: [{ group: ['node:*'], message: 'SuiteScript code runs in NetSuite: no Node modules.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
