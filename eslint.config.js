// ESLint flat config: typescript-eslint's recommended rules plus a few that keep the house style.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import prettier from 'eslint-config-prettier'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'reports/', '.stryker-tmp/', '.mutation-build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'smart'],
    },
  },
  // Layout is Prettier's job (see .prettierrc.json); turn off the stylistic rules that would fight it.
  prettier,
  {
    // Operator-facing programs print to the terminal on purpose.
    files: ['src/cli/**', 'scripts/**', 'bench/**', 'src/server.ts'],
    rules: { 'no-console': 'off' },
  },
)
