// ESLint flat config: typescript-eslint's recommended rules plus a few that keep the house style.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import prettier from 'eslint-config-prettier'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/'] },
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
  {
    // No type escape hatches: a cast to never or through unknown silences the compiler where a form
    // value meets a domain type. Type the value instead (see serviceInput in src/web/forms.ts); the few
    // that must stay carry an eslint-disable-next-line comment saying why.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSNeverKeyword.typeAnnotation, TSTypeAssertion > TSNeverKeyword.typeAnnotation',
          message: 'No `as never`: type the value (e.g. a zod enum built from the domain vocabulary).',
        },
        {
          selector:
            ':matches(TSAsExpression, TSTypeAssertion) > :matches(TSAsExpression, TSTypeAssertion).expression > TSUnknownKeyword.typeAnnotation',
          message: 'No `as unknown as`: type the value, or say why the cast must stay in an eslint-disable comment.',
        },
      ],
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
