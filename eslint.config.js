// The project's lint (`npm run lint`; step 0 of scripts/test.sh, after the type check): ESLint's
// recommended rules and typescript-eslint's type-checked ones, which catch what tsc does not:
// a promise nobody awaits, an async callback whose promise is dropped, `any` leaking through.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The probe is Go (go vet); .mjs files are the two small launchers outside the TypeScript project.
  { ignores: ['node_modules/', 'reports/', 'fixtures/probe/', '**/*.mjs', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A leading underscore marks a name kept on purpose: an argument an interface requires, or a
      // field destructured away (`const { node: _node, ...rest } = f`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `async` without `await` is how a function rejects instead of throwing synchronously, and
      // how a test's fake implements a Promise-returning interface; both are wanted here.
      '@typescript-eslint/require-await': 'off',
      // A wait rejects with what ended it, as it came: an abort's reason (typed any), a caught error.
      // Rejecting with a literal or a non-Error object is still an error.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true, allowThrowingAny: true }],
      // vitest reads a fixture's dependencies from its first parameter: one with none is `({}, use)`.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
);
